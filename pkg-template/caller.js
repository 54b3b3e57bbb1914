import { invalid, unreadable } from './error.js';

// The caller's values, read once into plain data (used by client.js).
// Options, a request spec and the config are read here, each member once
// (a getter that answers differently on each read, or throws, cannot make
// what is checked differ from what is used), into objects of our own; what
// cannot be read is an issue at its path. Params and bodies are read the
// same way in the core (wire.rs), where the body's kind is known.

/** Adds the issue `{ path, message }` to `issues`. */
export const add = (issues, path, message) => issues.push({ path, message });

function read(obj, key, path, issues) {
  try {
    return obj[key];
  } catch (e) {
    issues.push(unreadable(path, e));
    return undefined;
  }
}

const OPTION_KEYS = ['signal', 'timeoutMs', 'version', 'headers', 'maxRetries', 'idempotent', 'maxPages', 'locationId', 'companyId'];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
export const abortedOf = globalThis.AbortSignal && Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get;
const reasonOf = globalThis.AbortSignal && Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'reason')?.get;

// A genuine AbortSignal (a Proxy or a look-alike fails the brand check); one
// with members of its own or a changed prototype is followed through a fresh
// signal, so nothing the caller put on it runs inside the core.
function signalOf(s, path, issues) {
  if (s === undefined || s === null || !abortedOf) return s;
  let aborted;
  try {
    aborted = abortedOf.call(s);
  } catch {
    add(issues, path, 'must be an AbortSignal');
    return undefined;
  }
  if (Object.getPrototypeOf(s) === AbortSignal.prototype && Reflect.ownKeys(s).length === 0) return s;
  const c = new AbortController();
  if (aborted) c.abort(reasonOf.call(s));
  else EventTarget.prototype.addEventListener.call(s, 'abort', () => c.abort(reasonOf.call(s)), { once: true });
  return c.signal;
}

// A timeout the runtime's timers take: a whole number of ms up to 2^31 - 1.
function msOf(v, path, issues) {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= 0 && v <= 2147483647)) {
    add(issues, path, 'must be a number of milliseconds from 0 to 2147483647 (0 = none)');
    return undefined;
  }
  return Math.ceil(v);
}

function headersOf(h, path, issues) {
  if (h === undefined || h === null || typeof h !== 'object') return h; // the core names a non-object
  const out = {};
  let keys;
  try {
    keys = Object.keys(h);
  } catch (e) {
    issues.push(unreadable(path, e));
    return out;
  }
  for (const k of keys) {
    const v = read(h, k, `${path}.${k}`, issues);
    if (!TOKEN.test(k)) add(issues, `${path}.${k}`, 'is not a valid header name');
    else if (typeof v === 'string' && !HEADER_VALUE.test(v)) add(issues, `${path}.${k}`, 'must be a string without control characters or characters beyond U+00FF');
    else out[k] = v;
  }
  return out;
}

/** Per-call options as an object of our own, each member read once; `extra` names more members to copy. */
export function readOptions(options, path, issues, extra = []) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') {
    add(issues, path, 'must be an object');
    return undefined;
  }
  const out = {};
  const at = (k) => (path === 'spec' ? k : `${path}.${k}`);
  for (const k of [...OPTION_KEYS, ...extra]) {
    const v = read(options, k, at(k), issues);
    if (v !== undefined) out[k] = v;
  }
  if ('signal' in out) out.signal = signalOf(out.signal, at('signal'), issues);
  if ('timeoutMs' in out) out.timeoutMs = msOf(out.timeoutMs, at('timeoutMs'), issues);
  if ('headers' in out) out.headers = headersOf(out.headers, at('headers'), issues);
  if (typeof out.version === 'string' && !HEADER_VALUE.test(out.version)) add(issues, at('version'), 'must be a string without control characters or characters beyond U+00FF');
  if ('idempotent' in out && typeof out.idempotent !== 'boolean') add(issues, at('idempotent'), 'must be a boolean');
  if ('maxPages' in out && !(typeof out.maxPages === 'number' && out.maxPages >= 1)) add(issues, at('maxPages'), 'must be a number >= 1');
  for (const k of ['locationId', 'companyId']) if (k in out && typeof out[k] !== 'string') add(issues, at(k), 'must be a string');
  return out;
}

// The options of a call to `label`, or a validation error listing what is wrong with them.
export function optionsOf(options, label) {
  const issues = [];
  const out = readOptions(options, 'options', issues);
  if (issues.length) throw invalid(label, issues);
  return out;
}

// A plain copy of a query object (one level, arrays copied), each member read once.
export function queryOf(q, issues) {
  if (q === null || typeof q !== 'object') return q;
  let keys;
  try {
    keys = Array.isArray(q) ? null : Object.keys(q);
  } catch (e) {
    issues.push(unreadable('query', e));
    return undefined;
  }
  if (!keys) {
    add(issues, 'query', 'must be an object');
    return undefined;
  }
  const out = {};
  for (const k of keys) {
    let v = read(q, k, `query.${k}`, issues);
    try {
      if (Array.isArray(v)) v = v.length > 10000 ? (add(issues, `query.${k}`, 'has more than 10000 items'), undefined) : Array.from(v);
    } catch (e) {
      issues.push(unreadable(`query.${k}`, e));
    }
    out[k] = isoOf(v);
  }
  return out;
}

// A valid Date as its ISO string (brand-checked: a Proxy or look-alike is left as it is).
const timeOf = Date.prototype.getTime;
const tagOf = Object.prototype.toString;
function isoOf(v) {
  if (v === null || typeof v !== 'object') return v;
  try {
    // Only what looks like a Date is asked (a throwing getTime costs a stack trace).
    if (!(v instanceof Date || tagOf.call(v) === '[object Date]')) return v;
    const t = timeOf.call(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  } catch {
    return v;
  }
}

const CONFIG_KEYS = ['privateIntegrationToken', 'accessToken', 'baseUrl', 'timeoutMs', 'maxRetries', 'rateLimit', 'limiter', 'fetch', 'clientId', 'clientSecret', 'tokenStore', 'refreshSkewMs', 'marketplaceUrl', 'clock'];

// The config as an object of our own, each member read once (and
// `rateLimit` one level down): problems are reported by every call.
export function readConfig(config, issues) {
  const out = {};
  for (const k of CONFIG_KEYS) {
    const v = read(config, k, k, issues);
    if (v !== undefined) out[k] = v;
  }
  if (out.rateLimit !== null && typeof out.rateLimit === 'object') {
    const rl = {};
    for (const k of ['max', 'intervalMs', 'key', 'dailyProbeMs']) {
      const v = read(out.rateLimit, k, `rateLimit.${k}`, issues);
      if (v !== undefined) rl[k] = v;
    }
    out.rateLimit = rl;
  }
  if ('timeoutMs' in out) out.timeoutMs = msOf(out.timeoutMs, 'timeoutMs', issues);
  for (const k of ['baseUrl', 'marketplaceUrl']) if (k in out && typeof out[k] !== 'string') add(issues, k, 'must be a string');
  if ('clock' in out && typeof out.clock !== 'function') add(issues, 'clock', 'must be a function');
  if ('fetch' in out && typeof out.fetch !== 'function') add(issues, 'fetch', 'must be a function');
  if (typeof out.fetch === 'function') out.fetch = safeFetch(out.fetch);
  return out;
}

// A genuine Response is passed on; anything else a caller's fetch resolves
// to is read once into a well-formed answer (status, headers.get, text), so
// a hostile one fails the call instead of the core.
const statusOf = globalThis.Response && Object.getOwnPropertyDescriptor(Response.prototype, 'status')?.get;
function safeFetch(f) {
  return (url, init) => new Promise((ok) => ok(f(url, init))).then((r) => {
    if (statusOf) {
      try {
        statusOf.call(r);
        if (Object.getPrototypeOf(r) === Response.prototype && Reflect.ownKeys(r).length === 0) return r;
      } catch { /* not a Response: read below */ }
    }
    const status = Number(r.status);
    const h = r.headers;
    const get = h !== null && typeof h === 'object' && typeof h.get === 'function' ? h.get : undefined;
    const text = r.text;
    if (!(Number.isInteger(status) && status >= 100 && status <= 599) || typeof text !== 'function') throw new TypeError('fetch resolved to something that is not a Response');
    return {
      status,
      headers: { get(name) { try { const v = get && get.call(h, name); return v === null || v === undefined ? null : String(v); } catch { return null; } } },
      text: () => new Promise((ok) => ok(text.call(r))).then((t) => (typeof t === 'string' ? t : String(t))),
    };
  });
}
