// The JS surface: typed names over one generic wasm call. Every service
// method is a tiny closure made from the generated name table, so the wasm
// exports stay few and the per-operation cost is a table row, not code.
// One `HighLevel` class per API version (`core.js` v2, `v3-core.js` v3),
// each over its own wasm and name table; everything else is this code.
import { listMethod, setBase } from './paginate.js';
import { HighLevelError, describe, guard, invalid, remember, unquoted } from './error.js';
import { bulk } from './bulk.js';
import { AppCore, Auth, Sessions } from './auth.js';
import { useCore, validation } from './auth-rules.js';

// Anything that is not one of the core's error objects (a host bug, a trap)
// still reaches the caller as a HighLevelError.
function fail(e) {
  let core = false;
  try {
    if (e instanceof HighLevelError) throw e;
    core = e && typeof e === 'object' && typeof e.kind === 'string' && Array.isArray(e.issues);
  } catch (x) {
    if (x === e) throw e;
  }
  if (core) throw new HighLevelError(unquoted(e));
  throw new HighLevelError({ kind: 'network', message: describe(e), messages: [], issues: [], retryable: false, cause: e });
}

// ---- the caller's values, read once into plain data ----
// Options, a request spec and the config are read here, each member once
// (a getter that answers differently on each read, or throws, cannot make
// what is checked differ from what is used), into objects of our own; what
// cannot be read is an issue at its path. Params and bodies are read the
// same way in the core (wire.rs), where the body's kind is known.

function read(obj, key, path, issues) {
  try {
    return obj[key];
  } catch (e) {
    issues.push({ path, message: `could not be read: ${describe(e)}` });
    return undefined;
  }
}

const OPTION_KEYS = ['signal', 'timeoutMs', 'version', 'headers', 'maxRetries', 'idempotent', 'maxPages', 'locationId', 'companyId'];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const abortedOf = globalThis.AbortSignal && Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get;
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
    issues.push({ path, message: 'must be an AbortSignal' });
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
    issues.push({ path, message: 'must be a number of milliseconds from 0 to 2147483647 (0 = none)' });
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
    issues.push({ path, message: `could not be read: ${describe(e)}` });
    return out;
  }
  for (const k of keys) {
    const v = read(h, k, `${path}.${k}`, issues);
    if (!TOKEN.test(k)) issues.push({ path: `${path}.${k}`, message: 'is not a valid header name' });
    else if (typeof v === 'string' && !HEADER_VALUE.test(v)) issues.push({ path: `${path}.${k}`, message: 'must be a string without control characters or characters beyond U+00FF' });
    else out[k] = v;
  }
  return out;
}

/** Per-call options as an object of our own, each member read once; `extra` names more members to copy. */
function readOptions(options, path, issues, extra = []) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const out = {};
  for (const k of [...OPTION_KEYS, ...extra]) {
    const v = read(options, k, path === 'spec' ? k : `${path}.${k}`, issues);
    if (v !== undefined) out[k] = v;
  }
  const at = (k) => (path === 'spec' ? k : `${path}.${k}`);
  if ('signal' in out) out.signal = signalOf(out.signal, at('signal'), issues);
  if ('timeoutMs' in out) out.timeoutMs = msOf(out.timeoutMs, at('timeoutMs'), issues);
  if ('headers' in out) out.headers = headersOf(out.headers, at('headers'), issues);
  if (typeof out.version === 'string' && !HEADER_VALUE.test(out.version)) issues.push({ path: at('version'), message: 'must be a string without control characters or characters beyond U+00FF' });
  if ('idempotent' in out && typeof out.idempotent !== 'boolean') issues.push({ path: at('idempotent'), message: 'must be a boolean' });
  if ('maxPages' in out && !(typeof out.maxPages === 'number' && out.maxPages >= 1)) issues.push({ path: at('maxPages'), message: 'must be a number >= 1' });
  for (const k of ['locationId', 'companyId']) if (k in out && typeof out[k] !== 'string') issues.push({ path: at(k), message: 'must be a string' });
  return out;
}

// The options of a call to `label`, or a validation error listing what is wrong with them.
function optionsOf(options, label) {
  const issues = [];
  const out = readOptions(options, 'options', issues);
  if (issues.length) throw invalid(label, issues);
  return out;
}

// A plain copy of a query object (one level, arrays copied), each member read once.
function queryOf(q, issues) {
  if (q === null || typeof q !== 'object') return q;
  let keys;
  try {
    keys = Array.isArray(q) ? null : Object.keys(q);
  } catch (e) {
    issues.push({ path: 'query', message: `could not be read: ${describe(e)}` });
    return undefined;
  }
  if (!keys) {
    issues.push({ path: 'query', message: 'must be an object' });
    return undefined;
  }
  const out = {};
  for (const k of keys) {
    let v = read(q, k, `query.${k}`, issues);
    try {
      if (Array.isArray(v)) v = v.length > 10000 ? (issues.push({ path: `query.${k}`, message: 'has more than 10000 items' }), undefined) : Array.from(v);
    } catch (e) {
      issues.push({ path: `query.${k}`, message: `could not be read: ${describe(e)}` });
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
function readConfig(config, issues) {
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
  for (const k of ['baseUrl', 'marketplaceUrl']) if (k in out && typeof out[k] !== 'string') issues.push({ path: k, message: 'must be a string' });
  if ('clock' in out && typeof out.clock !== 'function') issues.push({ path: 'clock', message: 'must be a function' });
  if ('fetch' in out && typeof out.fetch !== 'function') issues.push({ path: 'fetch', message: 'must be a function' });
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

// A client whose config cannot be used: every call rejects naming the problems.
class BrokenCore {
  #issues;
  constructor(issues) { this.#issues = issues; }
  get rateLimit() { return { max: null, remaining: null, intervalMs: null, dailyLimit: null, dailyRemaining: null }; }
  call() { return Promise.reject(invalid('config', this.#issues)); }
  request() { return Promise.reject(invalid('config', this.#issues)); }
}

const CORE = Symbol('core');
const BOUND = Symbol('bound');

// A marketplace app config: `clientId` and no token of its own.
const isApp = (c) => c.clientId !== undefined && c.privateIntegrationToken === undefined && c.accessToken === undefined;

/**
 * The `HighLevel` class over one wasm module (its `Client`, `shapes`,
 * `validate`, `pageStep`, `pageError`) and its name table (`SERVICES`,
 * `PAGED`), and the seam for that class's default fetch.
 */
export function makeClient(wasm, SERVICES, PAGED) {
  const { Client, shapes, validate } = wasm;
  useCore(wasm);

  // The fetch used when the config names none; the Node entry installs a
  // faster one, elsewhere it is the global fetch (looked up at call time).
  let defaultFetch;
  function setDefaultFetch(f) {
    defaultFetch = f;
  }

  // The official SDK's call shapes, by whether the operation has params and a body.
  // Each runs inside `guard` (error.js): a throw while reading the
  // arguments is a rejection, never a synchronous throw.
  const SHAPES = [
    (op, label) => guard(label, function (options) { return coreOf(this, label).call(op, undefined, undefined, optionsOf(options, label)).then(undefined, fail); }),
    (op, label) => guard(label, function (params, options) { return coreOf(this, label).call(op, params, undefined, optionsOf(options, label)).then(undefined, fail); }),
    (op, label) => guard(label, function (body, options) { return coreOf(this, label).call(op, undefined, body, optionsOf(options, label)).then(undefined, fail); }),
    (op, label) => guard(label, function (params, body, options) { return coreOf(this, label).call(op, params, body, optionsOf(options, label)).then(undefined, fail); }),
  ];
  function coreOf(self, label) {
    const core = self !== null && typeof self === 'object' ? self[CORE] : undefined;
    if (core === undefined) throw invalid(label, [{ path: 'this', message: `must be the service object: call it as ghl.${label}(...)` }]);
    return core;
  }

  // One prototype per service, built on first use (the wasm is instantiated
  // only after this module loads, and most programs touch a few services).
  let shape;
  const protos = new Map();
  function proto(service) {
    let p = protos.get(service);
    if (!p) {
      shape ??= shapes();
      p = {};
      for (const [name, op] of Object.entries(SERVICES[service])) {
        const label = `${service}.${name}`;
        p[name] = PAGED.has(op) ? listMethod(op, shape[op], (self) => coreOf(self, label), (o) => optionsOf(o, label), fail, wasm, label) : SHAPES[shape[op]](op, label);
      }
      protos.set(service, p);
    }
    return p;
  }

  class HighLevel {
    #core;
    /** An app config's shared parts `{ config, wasm, sessions, key? }` (forLocation/forCompany share them). */
    #app;

    /**
     * Never throws for an object: the config is read once, member by member,
     * and what is wrong with it is reported by every call.
     */
    constructor(config = {}, bound = undefined) {
      if (config === null || typeof config !== 'object') {
        throw invalid('config', [{ path: 'config', message: 'must be an object' }]);
      }
      let app;
      try { app = bound?.[BOUND]; } catch { /* not one of ours */ }
      const issues = [];
      if (!app) {
        config = readConfig(config, issues);
        remember(config.privateIntegrationToken);
        remember(config.accessToken);
        remember(config.clientSecret);
      } else config = app.config;
      const withFetch = config.fetch === undefined && defaultFetch ? { ...config, fetch: defaultFetch } : config;
      if (!app && !issues.length && isApp(config)) {
        const { clientSecret: _s, tokenStore: _t, ...rest } = withFetch; // the wasm never holds the secret
        app = { config, wasm: new Client(rest), sessions: new Sessions(config, withFetch.fetch) };
      }
      // An app client's calls go through the authorization step first (auth.js).
      const core = issues.length ? new BrokenCore(issues) : app ? new AppCore(app.wasm, app.sessions, app.key) : new Client(withFetch);
      this.#core = core;
      this.#app = app ?? { config, issues };
      setBase(core, config.baseUrl); // the origin next-page URLs must stay on
    }

    /** OAuth helpers (an app config's; with a token config they reject naming what is missing). */
    get auth() {
      const app = this.#app;
      app.auth ??= new Auth(app.sessions ?? (app.sessions = new Sessions(app.config, undefined, app.issues)));
      return app.auth;
    }

    /** A client bound to the session `location:<locationId>`, sharing store, budget and transport. */
    forLocation(locationId) {
      return this.#bind('location', 'locationId', locationId);
    }

    /** A client bound to the session `company:<companyId>`. */
    forCompany(companyId) {
      return this.#bind('company', 'companyId', companyId);
    }

    #bind(kind, name, id) {
      if (!this.#app.wasm) throw validation(`for${kind === 'location' ? 'Location' : 'Company'}`, [{ path: 'clientId', message: 'is required: only a marketplace app config has sessions' }]);
      if (typeof id !== 'string' || !id) throw validation('oauth.session', [{ path: name, message: 'must be a non-empty string' }]);
      return new HighLevel(this.#app.config, { [BOUND]: { ...this.#app, key: `${kind}:${id}` } });
    }

    // `ghl.contacts` and the rest: made on first access, then kept on the instance.
    static {
      for (const service of Object.keys(SERVICES)) {
        Object.defineProperty(HighLevel.prototype, service, {
          configurable: true,
          get() {
            const value = Object.create(proto(service), { [CORE]: { value: this.#core } });
            Object.defineProperty(this, service, { value, enumerable: true });
            return value;
          },
        });
      }
    }

    /** Any endpoint: `{ method, path, query?, body?, version?, headers?, signal?, timeoutMs? }`. */
    request(spec) {
      if (spec === null || typeof spec !== 'object') return Promise.reject(invalid('request', [{ path: 'spec', message: 'must be an object' }]));
      const issues = [];
      const plain = readOptions(spec, 'spec', issues, ['method', 'path', 'query', 'body']);
      if (plain) plain.query = queryOf(plain.query, issues);
      if (issues.length) return Promise.reject(invalid('request', issues));
      return this.#core.request(plain).then(undefined, fail);
    }

    /**
     * Runs `fn(item, ghl)` for every item, `concurrency` (8) at a time, paced by
     * this client's budget; resolves to `{ results, succeeded, failed }`.
     */
    bulk(items, fn, options) {
      return bulk(this, items, fn, options);
    }

    /**
     * Checks a call without sending it: `[{ path, message }]`, empty when
     * valid. Never throws: a name that is not `service.method` of this table
     * is one issue at `operation`.
     */
    static validate(name, params, body) {
      const parts = typeof name === 'string' ? name.split('.') : [];
      const ops = parts.length === 2 && Object.hasOwn(SERVICES, parts[0]) ? SERVICES[parts[0]] : undefined;
      const op = ops && Object.hasOwn(ops, parts[1]) ? ops[parts[1]] : undefined;
      if (op === undefined) return [{ path: 'operation', message: `unknown operation ${typeof name === 'string' ? name : `(${name === null ? 'null' : typeof name})`}` }];
      return validate(op, params, body);
    }

    validate(name, params, body) {
      return HighLevel.validate(name, params, body);
    }

    /** The X-RateLimit-* figures of the last response. */
    get rateLimit() {
      return this.#core.rateLimit;
    }
  }

  // The async members not made from the table go through `guard` too.
  for (const name of ['request', 'bulk']) {
    Object.defineProperty(HighLevel.prototype, name, { value: guard(name, HighLevel.prototype[name]), writable: true, configurable: true });
  }

  return { HighLevel, setDefaultFetch };
}
