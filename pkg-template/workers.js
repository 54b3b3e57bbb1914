// `highlevel-wasm/workers`: Durable Objects that make one rate budget and one
// refresh lock hold across every isolate of a Cloudflare Worker, and helpers
// that turn their bindings into the client's `limiter` and `tokenStore`.
// Plain JS over JS RPC (compatibility date 2024-04-03 or later): it loads no
// wasm, so `import { HighLevel } from 'highlevel-wasm'` does not grow.
import { DurableObject } from 'cloudflare:workers';
import { BudgetWindow, DEFAULT_DAILY_PROBE_MS } from './workers-window.js';
import { invalid, unreadable } from './error.js';

export { BudgetWindow } from './workers-window.js';

const DEFAULT_LEASE_MS = 60_000;
/** How often a key blocked only by unanswered requests looks again (an answer wakes it sooner). */
const BLOCKED_POLL_MS = 1000;
const GRANTED_KEPT = 4096;

const stubOf = (namespace, key) => namespace.get(namespace.idFromName(key));
const newId = () => globalThis.crypto.randomUUID();

// A bad binding or options object is a `validation` HighLevelError, also
// when reading it throws (a revoked Proxy, a getter).
function checkNamespace(namespace, what) {
  let ok = false;
  try {
    ok = !!namespace && typeof namespace.idFromName === 'function' && typeof namespace.get === 'function';
  } catch (e) {
    throw invalid(what, [unreadable('namespace', e)]);
  }
  if (!ok) throw invalid(what, [{ path: 'namespace', message: 'must be a Durable Object namespace binding (env.X from [[durable_objects.bindings]])' }]);
}
function optionsOf(options, what, names) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalid(what, [{ path: 'options', message: 'must be an object' }]);
  const out = {};
  for (const k of names) {
    try {
      out[k] = options[k];
    } catch (e) {
      throw invalid(what, [unreadable(`options.${k}`, e)]);
    }
  }
  return out;
}

/**
 * One instance per rate key (`idFromName(key)`): every acquire of the key, in
 * any isolate, waits in this object's queue, in order, until the key's window
 * has room; every answer comes back through `update`. State lives in memory:
 * an object idle long enough to be evicted has outlived any rate window.
 */
export class RateLimiterObject extends DurableObject {
  static name = 'RateLimiterObject'; // kept through minification (the build drops --keep-names)
  #window = new BudgetWindow();
  #queue = [];
  #timer = undefined;
  #granted = new Set();
  #dailyProbeMs = DEFAULT_DAILY_PROBE_MS;

  /** Resolves `{ ok: true }` when the caller may send, `{ daily: true }` when the daily budget is spent, `{ cancelled: true }` after `cancel`. */
  acquire(ticket, options = {}) {
    this.#window.tighten(options.cap);
    if (Number.isFinite(options.dailyProbeMs) && options.dailyProbeMs >= 0) this.#dailyProbeMs = options.dailyProbeMs;
    return new Promise((resolve) => {
      this.#queue.push({ ticket, resolve });
      this.#pump();
    });
  }

  /** The figures of an answer to one request let go earlier (all null: no answer). */
  update(figures) {
    this.#window.answer(Date.now(), figures, this.#dailyProbeMs);
    this.#pump();
  }

  /** The caller gave up (an abort): its place in the queue, or its unused slot, is freed. */
  cancel(ticket) {
    const i = this.#queue.findIndex((q) => q.ticket === ticket);
    if (i >= 0) this.#queue.splice(i, 1)[0].resolve({ cancelled: true });
    else if (this.#granted.delete(ticket)) this.#window.cancel();
    this.#pump();
  }

  #pump() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length) {
      const now = Date.now();
      if (this.#window.daily(now) === 'spent') {
        for (const q of this.#queue.splice(0)) q.resolve({ daily: true });
        return;
      }
      const wait = this.#window.wait(now);
      if (wait > 0) {
        this.#timer = setTimeout(() => this.#pump(), Number.isFinite(wait) ? Math.ceil(wait) : BLOCKED_POLL_MS);
        return;
      }
      const q = this.#queue.shift();
      this.#window.take(now);
      this.#granted.add(q.ticket);
      if (this.#granted.size > GRANTED_KEPT) this.#granted.delete(this.#granted.values().next().value);
      q.resolve({ ok: true });
    }
  }
}

/**
 * One instance per session key (`location:<id>`, `company:<id>`): the session
 * in the object's storage, and a lease that serialises refreshes of the key
 * across isolates. A lease ends when its holder releases it or `leaseMs`
 * after it was granted, whichever comes first, so a holder that crashed
 * cannot keep it; waiters get it in the order they asked.
 */
export class TokenStoreObject extends DurableObject {
  static name = 'TokenStoreObject';
  #lease = null; // { id, until }
  #timer = undefined;
  #waiters = [];

  constructor(ctx, env) {
    super(ctx, env);
    // A lease outlives an eviction of the object: it is in storage too.
    ctx.blockConcurrencyWhile(async () => {
      const lease = await ctx.storage.get('lease');
      if (lease && lease.until > Date.now()) this.#hold(lease);
    });
  }

  get() {
    return this.ctx.storage.get('session');
  }

  set(session) {
    return this.ctx.storage.put('session', session);
  }

  delete() {
    return this.ctx.storage.delete('session');
  }

  /** Resolves `{ id, until }` once this caller holds the key's lease. */
  lease(id, leaseMs = DEFAULT_LEASE_MS) {
    const ms = Number.isFinite(leaseMs) && leaseMs > 0 ? leaseMs : DEFAULT_LEASE_MS;
    return new Promise((resolve) => {
      this.#waiters.push({ id, ms, resolve });
      this.#next();
    });
  }

  /** Ends the lease if `id` still holds it; a stale holder's release changes nothing. */
  release(id) {
    if (this.#lease?.id === id) this.#end();
  }

  #hold(lease) {
    this.#lease = lease;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#end(), Math.max(0, lease.until - Date.now()));
  }

  #end() {
    clearTimeout(this.#timer);
    this.#lease = null;
    this.ctx.storage.delete('lease');
    this.#next();
  }

  #next() {
    if (this.#lease || !this.#waiters.length) return;
    const w = this.#waiters.shift();
    const lease = { id: w.id, until: Date.now() + w.ms };
    this.#hold(lease);
    this.ctx.storage.put('lease', lease);
    w.resolve(lease);
  }
}

/**
 * The client's `limiter` over `RateLimiterObject`s: `new HighLevel({ ...,
 * limiter: durableLimiter(env.RATE_LIMITER, { ctx }) })`. `ctx` (the fetch
 * handler's) keeps each `update` alive past the response with `waitUntil`;
 * `max`/`intervalMs` cap the budget like `rateLimit`, `dailyProbeMs` likewise.
 */
export function durableLimiter(namespace, options) {
  checkNamespace(namespace, 'durableLimiter');
  const { ctx, max, intervalMs, dailyProbeMs } = optionsOf(options, 'durableLimiter', ['ctx', 'max', 'intervalMs', 'dailyProbeMs']);
  // As `rateLimit`: a missing half of the cap is HighLevel's documented 100 per 10,000 ms.
  const sent = { cap: max !== undefined || intervalMs !== undefined ? { max: max ?? 100, intervalMs: intervalMs ?? 10_000 } : undefined, dailyProbeMs };
  return {
    async acquire(key, { signal } = {}) {
      if (signal?.aborted) throw signal.reason;
      const stub = stubOf(namespace, key);
      const ticket = newId();
      const granted = Promise.resolve(stub.acquire(ticket, sent));
      let stop;
      const aborted = signal && new Promise((_, no) => {
        stop = () => no(signal.reason);
        signal.addEventListener('abort', stop, { once: true });
      });
      let answer;
      try {
        answer = await (aborted ? Promise.race([granted, aborted]) : granted);
      } catch (e) {
        if (signal?.aborted) {
          granted.catch(() => {});
          keep(ctx, Promise.resolve(stub.cancel(ticket)));
        }
        throw e;
      } finally {
        if (stop) signal.removeEventListener('abort', stop);
      }
      if (answer?.daily) throw Object.assign(new Error('the daily request budget of this rate key is spent'), { daily: true });
    },
    update(key, figures) {
      const done = Promise.resolve(stubOf(namespace, key).update({ ...figures }));
      keep(ctx, done);
      return done;
    },
  };
}

function keep(ctx, promise) {
  const quiet = promise.catch(() => {});
  if (ctx && typeof ctx.waitUntil === 'function') ctx.waitUntil(quiet);
}

/**
 * The client's `tokenStore` over `TokenStoreObject`s: `tokenStore:
 * durableTokenStore(env.TOKENS)`. `lock(key, fn)` takes the key's lease,
 * runs `fn`, then releases it; `leaseMs` (default 60,000) should exceed the
 * client's `timeoutMs` plus a few store round trips, since a lease that runs
 * out lets the next holder in while `fn` may still be refreshing.
 */
export function durableTokenStore(namespace, options) {
  checkNamespace(namespace, 'durableTokenStore');
  const leaseMs = optionsOf(options, 'durableTokenStore', ['leaseMs']).leaseMs ?? DEFAULT_LEASE_MS;
  return {
    get: (key) => stubOf(namespace, key).get(),
    set: (key, session) => stubOf(namespace, key).set(session),
    delete: (key) => stubOf(namespace, key).delete(),
    async lock(key, fn) {
      const stub = stubOf(namespace, key);
      const id = newId();
      await stub.lease(id, leaseMs);
      try {
        return await fn();
      } finally {
        await Promise.resolve(stub.release(id)).catch(() => {}); // the lease ends on its own anyway
      }
    },
  };
}
