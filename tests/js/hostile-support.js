// Hostile-input property tests (issue 13): what a hostile caller's code can
// hand the package, as fast-check recipes (plain data, so a counterexample
// prints readably) built into live values per run: throwing getters, Proxies
// whose traps throw, revoked Proxies, cycles, 2 MB strings, lone surrogates,
// BigInts, Symbols (values and keys), sparse arrays, `__proto__` /
// `constructor` / `prototype` keys, null-prototype objects, Dates, typed
// arrays, Maps, functions, odd numbers, deep nesting, odd `toJSON`s...
//
// `probe(call, ctx)` runs one call and checks what must hold of every call:
// no synchronous throw from an async function, settled within a bound,
// rejected (if at all) only with the package's HighLevelError, no wasm trap,
// no secret anywhere in the error, prototypes untouched.
//
// Knobs: HOSTILE_SEED (another seed), HOSTILE_RUNS (scale, default 3),
// HOSTILE_SLOW=ms (print calls slower than that, with their recipe),
// HOSTILE_LAPS=1 (time every 200 calls).
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { HighLevelError } from '../../pkg/node.js';

/** The seed of every property: fixed, or HOSTILE_SEED to explore. */
export const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : 20260613;
/** Scales every numRuns: 3 in `make test` (about 15,000 calls, under a minute), HOSTILE_RUNS=10 for a long soak. */
export const SCALE = process.env.HOSTILE_RUNS ? Number(process.env.HOSTILE_RUNS) : 3;
export const runs = (n) => Math.max(1, Math.round(n * SCALE));
export const params = (n, extra = {}) => ({ seed: SEED, numRuns: runs(n), endOnFailure: true, includeErrorInReport: true, ...extra });

/** Calls tried in this file (printed by `report`). */
export const stats = { calls: 0, resolved: 0, rejected: 0 };
export function report(name) {
  const line = `hostile calls tried (${name}): ${stats.calls} (${stats.resolved} resolved, ${stats.rejected} rejected), seed ${SEED}`;
  console.log(line);
  return line;
}

// ---- the recipes ----

const KEYS = ['contactId', 'locationId', 'companyId', 'id', 'query', 'limit', 'skip', 'tags', 'followers', 'email', 'name', 'body', 'file', 'client_id', 'grant_type', 'method', 'path', 'signal', 'timeoutMs', 'maxRetries', 'idempotent', 'headers', 'version', 'maxPages', 'x'];
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'toJSON', 'length', '0'];
const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'setPrototypeOf', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'apply', 'construct', 'all'];
const ODD_STRINGS = ['', ' ', '.', '..', '../..', '/', '//evil.test', 'http://evil.test/x', '%2e%2e', '\u0000', '\r\nX-Evil: 1', '\uD800', 'a\uDFFFb', '\uFEFF', '1e999', '-0', 'NaN', '0x10', '  42  ', 'true', 'null', 'undefined', '[object Object]', '{"__proto__":{"polluted":1}}', 'é', '😀', 'location:x'];

/** A recipe for a primitive (including the odd ones). */
const primRecipe = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, 1, -1).map((v) => ({ t: 'v', v })),
  fc.constantFrom(...ODD_STRINGS).map((v) => ({ t: 'v', v })),
  fc.string({ maxLength: 12, unit: 'binary' }).map((v) => ({ t: 'v', v })),
  fc.double().map((v) => ({ t: 'num', v: Object.is(v, -0) ? '-0' : String(v) })),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '1e308', '5e-324', '9007199254740993', '4294967296', '-1').map((v) => ({ t: 'num', v })),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((v) => ({ t: 'bigint', v: String(v) })),
  fc.constantFrom('symbol', 'fn', 'asyncfn', 'class', 'bigstr', 'bigstr-surrogate', 'surrogates', 'date', 'baddate', 'u8', 'ab', 'dv', 'f64', 'bigint64', 'map', 'set', 'weakmap', 'promise', 'regexp', 'error', 'boxed-string', 'boxed-number', 'global', 'arguments', 'blob', 'formdata', 'url', 'headers', 'signal', 'aborted-signal', 'response')
    .map((t) => ({ t })),
);

/** Recipes, nested: objects, arrays and the hostile wrappers around them. */
const { recipe } = fc.letrec((tie) => ({
  recipe: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: primRecipe, weight: 5 },
    { arbitrary: tie('wrapper'), weight: 4 },
    { arbitrary: tie('obj'), weight: 3 },
    { arbitrary: tie('arr'), weight: 1 },
  ),
  obj: fc.record({
    t: fc.constant('obj'),
    entries: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 6 })), tie('recipe')), { maxLength: 4 }),
    symKey: fc.boolean(),
    proto: fc.constantFrom('object', 'null', 'array', 'date', 'evil'),
  }),
  arr: fc.record({ t: fc.constant('arr'), items: fc.array(tie('recipe'), { maxLength: 4 }), holes: fc.boolean() }),
  wrapper: fc.oneof(
    fc.record({ t: fc.constant('getter'), key: fc.constantFrom(...KEYS, ...SPECIAL_KEYS), mode: fc.constantFrom('throw', 'flip', 'throw-second', 'symbol-throw'), a: tie('recipe'), b: tie('recipe') }),
    fc.record({ t: fc.constant('proxy'), trap: fc.constantFrom(...TRAPS), target: tie('recipe') }),
    fc.record({ t: fc.constant('revoked'), target: tie('recipe') }),
    fc.record({ t: fc.constant('cycle'), target: tie('recipe') }),
    fc.record({ t: fc.constant('sparse'), len: fc.constantFrom(5, 1000, 2 ** 20, 2 ** 32 - 1), at: tie('recipe') }),
    fc.record({ t: fc.constant('special'), how: fc.constantFrom('json', 'define', 'assign'), key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: tie('recipe') }),
    fc.record({ t: fc.constant('deep'), depth: fc.constantFrom(100, 600, 5000), array: fc.boolean() }),
    fc.record({ t: fc.constant('toJSON'), mode: fc.constantFrom('throw', 'undefined', 'symbol', 'self', 'bigint', 'fn', 'other'), other: tie('recipe') }),
    fc.record({ t: fc.constant('frozen'), target: tie('recipe') }),
    fc.record({ t: fc.constant('valid') }),
  ),
}));
export { recipe };

const SYM = Symbol('hostile');
const thrower = (what) => () => { throw new Error(`hostile ${what}`); };

/**
 * Builds the live value of a recipe. `valid` is the well-formed value of the
 * position (the `valid` recipe and the targets of wrappers around it).
 */
export function build(r, valid) {
  switch (r.t) {
    case 'v': return r.v;
    case 'num': return Number(r.v);
    case 'bigint': return BigInt(r.v);
    case 'symbol': return Symbol('hostile value');
    case 'fn': return function hostile() { return 1; };
    case 'asyncfn': return async () => { throw new Error('hostile async'); };
    case 'class': return class Hostile {};
    case 'bigstr': return 'x'.repeat(2 * 1024 * 1024);
    case 'bigstr-surrogate': return 'é\uD800'.repeat(1024 * 1024);
    case 'surrogates': return '\uDC00a\uD800\uD83D';
    case 'date': return new Date(Date.UTC(2026, 5, 13, 12, 30));
    case 'baddate': return new Date(NaN);
    case 'u8': return new Uint8Array([1, 2, 255]);
    case 'ab': return new ArrayBuffer(8);
    case 'dv': return new DataView(new ArrayBuffer(4));
    case 'f64': return new Float64Array([NaN, Infinity, -0]);
    case 'bigint64': return new BigInt64Array([1n]);
    case 'map': return new Map([['a', 1]]);
    case 'set': return new Set([1]);
    case 'weakmap': return new WeakMap();
    case 'promise': { const p = Promise.reject(new Error('hostile promise')); p.catch(() => {}); return p; }
    case 'regexp': return /x/g;
    case 'error': return new Error('hostile error');
    case 'boxed-string': return new String('abc'); // eslint-disable-line no-new-wrappers
    case 'boxed-number': return new Number(4); // eslint-disable-line no-new-wrappers
    case 'global': return globalThis;
    case 'arguments': return (function () { return arguments; })(1, 'a');
    case 'blob': return new Blob(['hostile']);
    case 'formdata': { const f = new FormData(); f.append('name', 'x'); return f; }
    case 'url': return new URL('http://evil.test/a');
    case 'headers': return new Headers({ a: 'b' });
    case 'signal': return new AbortController().signal;
    case 'aborted-signal': return AbortSignal.abort(new Error('hostile abort'));
    case 'response': return new Response('{}');
    case 'valid': return clone(valid);
    case 'obj': {
      const base = r.proto === 'null' ? Object.create(null) : r.proto === 'array' ? [] : r.proto === 'date' ? new Date(0) : r.proto === 'evil' ? Object.create(new Proxy({}, { get: thrower('proto get'), has: thrower('proto has') })) : {};
      for (const [k, v] of r.entries) define(base, k, build(v, own(valid, k)));
      if (r.symKey) base[SYM] = 'symbol-keyed';
      return base;
    }
    case 'arr': {
      const a = r.items.map((x) => build(x, undefined));
      if (r.holes) a.length += 3;
      return a;
    }
    case 'getter': {
      const o = valid && typeof valid === 'object' ? clone(valid) : {};
      let reads = 0;
      const a = build(r.a, own(o, r.key));
      const b = build(r.b, own(o, r.key));
      Object.defineProperty(o, r.key, {
        enumerable: true,
        configurable: true,
        get() {
          reads++;
          switch (r.mode) {
            case 'throw': throw new Error(`hostile getter ${r.key}`);
            case 'flip': return reads % 2 ? a : b;
            case 'throw-second': if (reads > 1) throw new Error(`hostile getter ${r.key} (second read)`); return a;
            default: throw Symbol('hostile thrown symbol');
          }
        },
      });
      return o;
    }
    case 'proxy': {
      const target = build(r.target, valid);
      const t = target !== null && (typeof target === 'object' || typeof target === 'function') ? target : {};
      const handler = r.trap === 'all'
        ? new Proxy({}, { get: (_, name) => thrower(`trap ${String(name)}`) })
        : { [r.trap]: thrower(`trap ${r.trap}`) };
      return new Proxy(t, handler);
    }
    case 'revoked': {
      const target = build(r.target, valid);
      const t = target !== null && (typeof target === 'object' || typeof target === 'function') ? target : {};
      const { proxy, revoke } = Proxy.revocable(t, {});
      revoke();
      return proxy;
    }
    case 'cycle': {
      const target = build(r.target, valid);
      let o = {};
      try { if (target !== null && typeof target === 'object' && Object.isExtensible(target)) o = target; } catch { /* a revoked Proxy */ }
      try { o.self = o; o.list = [o, { back: o }]; } catch { /* a Proxy refusing the write */ }
      return o;
    }
    case 'sparse': {
      const a = [];
      a[3] = build(r.at, undefined);
      a.length = r.len;
      return a;
    }
    case 'special': {
      const v = build(r.value, undefined);
      if (r.how === 'json') return JSON.parse(`{"${r.key}": {"polluted": "yes", "isAdmin": true}, "contactId": "c1"}`);
      const o = valid && typeof valid === 'object' ? clone(valid) : {};
      if (r.how === 'define') define(o, r.key, v);
      else try { o[r.key] = v; } catch { /* a value __proto__ refuses */ } // through the setter: for __proto__, a prototype change
      return o;
    }
    case 'deep': {
      let v = 'leaf';
      for (let i = 0; i < r.depth; i++) v = r.array ? [v] : { a: v };
      return v;
    }
    case 'toJSON': {
      const o = valid && typeof valid === 'object' ? clone(valid) : {};
      const other = build(r.other, undefined);
      o.toJSON = () => {
        switch (r.mode) {
          case 'throw': throw new Error('hostile toJSON');
          case 'undefined': return undefined;
          case 'symbol': return Symbol('x');
          case 'self': return o;
          case 'bigint': return 5n;
          case 'fn': return () => 1;
          default: return other;
        }
      };
      return o;
    }
    case 'frozen': {
      const target = build(r.target, valid);
      try { return Object.freeze(target); } catch { return target; }
    }
    default: throw new Error(`unknown recipe ${JSON.stringify(r)}`);
  }
}

function clone(v) {
  const text = JSON.stringify(v);
  return text === undefined ? undefined : JSON.parse(text);
}

const own = (o, k) => (o !== null && typeof o === 'object' && Object.hasOwn(o, k) ? o[k] : undefined);

function define(o, k, value) {
  // An array's length takes only numbers (a 2^32 - 1 sparse array as one would be joined first: a minute).
  if (Array.isArray(o) && k === 'length' && typeof value !== 'number') return;
  try {
    Object.defineProperty(o, k, { value, enumerable: true, configurable: true, writable: true });
  } catch { /* an array's length refusing the value, say */ }
}

/** Options: each a valid value, nothing, or a hostile recipe. */
export const optionsRecipe = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ t: 'none' }) },
  { weight: 3, arbitrary: recipe },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('options'),
      entries: fc.array(fc.tuple(
        fc.constantFrom('signal', 'timeoutMs', 'version', 'headers', 'maxRetries', 'idempotent', 'maxPages', 'locationId', 'companyId', '__session', '__proto__'),
        fc.oneof(recipe, fc.constantFrom(0, 1, 5, -1, 0.5, 21, 1e9, 'abc', '2021-07-28', true).map((v) => ({ t: 'v', v })), fc.record({ t: fc.constant('headersOf'), value: recipe, name: fc.constantFrom('X-A', 'authorization', 'Content-Type', 'Version', '', 'bad name', 'x\r\ny') })),
      ), { maxLength: 3 }),
    }),
  },
);

export function buildOptions(r) {
  if (r.t === 'none') return undefined;
  if (r.t !== 'options') return build(r, {});
  const o = {};
  for (const [k, v] of r.entries) {
    const value = v.t === 'headersOf' ? { [v.name]: build(v.value, 'x') } : build(v, undefined);
    // A maxRetries above 0 only matters for retryable failures, which the
    // recording fetch does not produce; a huge timeoutMs never fires.
    define(o, k, value);
  }
  return o;
}

// ---- what every call must satisfy ----

function protoState() {
  const out = {};
  for (const [name, obj] of [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype], ['String', String.prototype], ['Promise', Promise.prototype], ['Error', Error.prototype]]) {
    for (const k of Reflect.ownKeys(obj)) {
      const d = Object.getOwnPropertyDescriptor(obj, k);
      out[`${name}.${String(k)}`] = [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable];
    }
    out[`${name}.[[Prototype]]`] = [Object.getPrototypeOf(obj)];
    out[`${name}.[[Extensible]]`] = [Object.isExtensible(obj)];
  }
  return out;
}
const PROTO = protoState();

/** Object.prototype and friends have exactly the properties they had at load. */
export function assertPrototypesUntouched(where) {
  const now = protoState();
  for (const k of new Set([...Object.keys(PROTO), ...Object.keys(now)])) {
    const a = PROTO[k];
    const b = now[k];
    assert.ok(a && b && a.length === b.length && a.every((x, i) => Object.is(x, b[i])), `${where}: ${k} changed (prototype pollution)`);
  }
  assert.equal(({}).polluted, undefined, `${where}: Object.prototype.polluted`);
  assert.equal(({}).isAdmin, undefined, `${where}: Object.prototype.isAdmin`);
}

/** Every string reachable from an error (message, stack, String(), JSON, own properties, cause). */
export function errorTexts(err) {
  const texts = [];
  const seen = new Set();
  const walk = (v, depth) => {
    if (depth > 6) return;
    if (typeof v === 'string') { texts.push(v); return; }
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) {
      let x;
      try { x = v[k]; } catch { continue; }
      texts.push(String(k));
      walk(x, depth + 1);
    }
  };
  try { texts.push(String(err)); } catch (e) { texts.push(`String(err) threw ${e}`); }
  try { texts.push(JSON.stringify(err) ?? ''); } catch (e) { texts.push(`JSON.stringify threw: ${e && e.message}`); }
  if (err && typeof err === 'object') {
    texts.push(String(err.message), String(err.stack));
    walk(err, 0);
  }
  return texts;
}

/** No secret in any text of the error. */
export function assertNoSecret(err, secrets, where) {
  const live = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
  for (const t of errorTexts(err)) {
    for (const s of live) assert.ok(!t.includes(s), `${where}: a secret appears in the error: ${t.slice(0, 300)}`);
  }
}

function isTrap(e) {
  for (let x = e, i = 0; x && i < 5; x = x.cause, i++) {
    if (x instanceof WebAssembly.RuntimeError || /unreachable|RuntimeError|memory access out of bounds|recursive use of an object/i.test(String(x && x.message))) return true;
  }
  return false;
}

// Unhandled rejections and uncaught exceptions during the run fail it.
const stray = [];
process.on('unhandledRejection', (e) => stray.push(['unhandledRejection', e]));
process.on('uncaughtException', (e) => stray.push(['uncaughtException', e]));
export function assertNoStray(where) {
  if (stray.length) {
    const [[what, e]] = stray.splice(0);
    assert.fail(`${where}: ${what}: ${e && e.stack || e}`);
  }
}

const SETTLE_MS = 10_000;

/**
 * Runs `call()` as a hostile caller would and checks the universal
 * properties. `async: true` (the default) demands a promise without a
 * synchronous throw; `async: false` (constructors, `authorizationUrl`,
 * `validate`) allows a synchronous HighLevelError. Resolves to
 * `{ ok, value }` or `{ ok: false, error }`.
 */
export async function probe(call, opts = {}) {
  const t0 = performance.now();
  try {
    return await probeOnce(call, opts);
  } finally {
    const ms = performance.now() - t0;
    if (process.env.HOSTILE_SLOW && ms > Number(process.env.HOSTILE_SLOW)) console.error(`SLOW ${Math.round(ms)} ms: ${opts.where}`);
  }
}

let lap = performance.now();
async function probeOnce(call, { secrets = [], where = 'call', async: isAsync = true, ErrorClass = HighLevelError } = {}) {
  stats.calls++;
  if (process.env.HOSTILE_LAPS && stats.calls % 200 === 0) { console.error(`LAP ${stats.calls}: ${Math.round(performance.now() - lap)} ms`); lap = performance.now(); }
  let p;
  try {
    p = call();
  } catch (e) {
    assert.ok(!isTrap(e), `${where}: wasm trap: ${e && e.stack}`);
    if (isAsync) assert.fail(`${where}: threw synchronously instead of rejecting: ${e && e.stack || String(e)}`);
    assert.ok(e instanceof ErrorClass, `${where}: threw something else than a HighLevelError: ${e && e.stack || String(e)}`);
    assertNoSecret(e, secrets, where);
    stats.rejected++;
    return { ok: false, error: e };
  }
  if (!isAsync) {
    stats.resolved++;
    return { ok: true, value: p };
  }
  assert.ok(p && typeof p.then === 'function', `${where}: did not return a promise (${typeof p})`);
  let timer;
  const outcome = await Promise.race([
    Promise.resolve(p).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })),
    new Promise((r) => { timer = setTimeout(() => r({ hung: true }), SETTLE_MS); }),
  ]);
  clearTimeout(timer);
  assert.ok(!outcome.hung, `${where}: did not settle within ${SETTLE_MS} ms`);
  if (outcome.ok) {
    stats.resolved++;
  } else {
    stats.rejected++;
    const e = outcome.error;
    assert.ok(!isTrap(e), `${where}: wasm trap: ${e && e.stack}`);
    assert.ok(e instanceof ErrorClass, `${where}: rejected with something else than a HighLevelError: ${e && e.stack || String(e)}`);
    assert.equal(typeof e.kind, 'string', `${where}: error without kind`);
    assert.ok(Array.isArray(e.issues), `${where}: error without issues`);
    if (e.kind === 'validation') {
      assert.ok(e.issues.length > 0 && e.issues.every((i) => typeof i.path === 'string' && typeof i.message === 'string'), `${where}: validation error without issues: ${e.message}`);
    }
    assertNoSecret(e, secrets, where);
  }
  return outcome;
}

/** A fetch that records what it is asked to send and answers from a script. */
export function recordingFetch() {
  const sent = [];
  let answer = () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  let forward;
  const f = async (url, init) => {
    sent.push({ url: String(url), init });
    if (forward) return forward(url, init);
    return answer(url, init);
  };
  return {
    fetch: f,
    sent,
    /** Answers with `fn(url, init)` from now on. */
    answer(fn) { answer = fn; },
    /** Sends through `fn` (the real network) from now on, or stops when `undefined`. */
    forward(fn) { forward = fn; },
    clear() { sent.length = 0; },
  };
}

/** Network answers a hostile or broken peer could give (never a retryable status). */
export const answerRecipe = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 404, 422).chain((status) => fc.oneof(
    fc.constantFrom('{}', '{"ok":true}', '', 'null', '[]', '"x"', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"isAdmin":true}}}', '{"message":["a","b"]}', '{"a":', '\u0000\uFFFF', '{"a":1e999}', '{"a":"\\ud800"}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['),
    fc.uint8Array({ maxLength: 64 }).map((b) => Array.from(b)),
    fc.constantFrom('big', 'deep').map((t) => ({ t })),
  ).map((body) => ({ status, body }))),
);

export function buildAnswer(a) {
  let body = a.body;
  if (Array.isArray(body)) body = new Uint8Array(body);
  else if (body && body.t === 'big') body = JSON.stringify({ items: Array.from({ length: 20000 }, (_, i) => ({ id: `i${i}`, s: 'x'.repeat(50) })) });
  else if (body && body.t === 'deep') body = '['.repeat(100000) + ']'.repeat(100000);
  const status = a.status;
  return () => new Response(status === 204 ? null : body, { status, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': 'NaN', 'x-ratelimit-max': '-5' } });
}

export { fc };
