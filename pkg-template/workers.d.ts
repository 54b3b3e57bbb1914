// `highlevel-wasm/workers`: Durable Objects that share one rate budget and one
// refresh lock across every isolate of a Cloudflare Worker, and the helpers
// that build the client's `limiter` and `tokenStore` from their bindings.
// JS RPC to Durable Objects needs a compatibility date of 2024-04-03 or later.
import type { Limiter, RateLimitInfo } from './index';
import type { Session, SessionKey, TokenStore } from './auth';

/** The parts of a Durable Object namespace binding used here (`env.RATE_LIMITER`, `env.TOKENS`). */
export interface DurableObjectNamespaceLike<Stub = unknown> {
  idFromName(name: string): unknown;
  get(id: any): Stub;
}

/** The parts of a fetch handler's `ctx` used here. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

export interface RateCap {
  max: number;
  intervalMs: number;
}

/**
 * One instance per rate key (`location:<id>`, `company:<id>` or a token's
 * hash): every acquire of the key, from any isolate, waits in its queue, in
 * order, until the key's sliding window has room, with the semantics of the
 * in-process pacer: the budget learned from the API's `X-RateLimit-*` headers
 * (100 per 10,000 ms until then; the first request goes alone to learn it),
 * other clients' requests counted from `X-RateLimit-Remaining`, a spent daily
 * budget failing fast. A request counts from when it is let go until one
 * interval after its answer. Export it from your Worker and bind it.
 */
export declare class RateLimiterObject {
  constructor(ctx: unknown, env: unknown);
  acquire(ticket: string, options?: { cap?: RateCap; dailyProbeMs?: number }): Promise<{ ok?: true; daily?: true; cancelled?: true }>;
  update(figures: RateLimitInfo): void;
  cancel(ticket: string): void;
}

/**
 * One instance per session key: the session in the object's storage, and a
 * lease per key for `lock`. A lease is granted to one holder at a time, in
 * the order asked, and ends when the holder releases it or `leaseMs` after it
 * was granted, whichever is first (so a crashed holder cannot keep it). The
 * lease is kept in storage, so it survives an eviction of the object.
 */
export declare class TokenStoreObject {
  constructor(ctx: unknown, env: unknown);
  get(): Promise<Session | undefined>;
  set(session: Session): Promise<void>;
  delete(): Promise<boolean>;
  lease(id: string, leaseMs?: number): Promise<{ id: string; until: number }>;
  release(id: string): void;
}

export interface DurableLimiterOptions {
  /** The fetch handler's `ctx`: each `update` is kept alive past the response with `ctx.waitUntil`. */
  ctx?: WaitUntilContext;
  /** A cap on the budget, as `rateLimit.max`/`intervalMs` (the stricter of it and the API's holds). */
  max?: number;
  intervalMs?: number;
  /** After `X-RateLimit-Daily-Remaining` reaches 0, acquires fail fast this long (default 900,000 ms), then one probes. */
  dailyProbeMs?: number;
}

/**
 * The `limiter` config value over `RateLimiterObject`s, one per rate key:
 * `new HighLevel({ clientId, clientSecret, limiter: durableLimiter(env.RATE_LIMITER, { ctx }) })`.
 * An `options.signal` that aborts while waiting gives the place back; a spent
 * daily budget rejects with an error whose `daily` is true (the call fails
 * with `rate_limited`, `daily: true`, nothing sent).
 */
export declare function durableLimiter(namespace: DurableObjectNamespaceLike, options?: DurableLimiterOptions): Limiter;

export interface DurableTokenStoreOptions {
  /**
   * How long a `lock` holder keeps the key's lease at most (default 60,000 ms).
   * Keep it above the client's `timeoutMs` plus a few store round trips: when
   * it runs out, the next holder enters even if `fn` is still refreshing.
   */
  leaseMs?: number;
}

/** A token store with `lock`, as the client's `tokenStore` wants it. */
export interface DurableTokenStore extends TokenStore {
  get(key: SessionKey): Promise<Session | undefined>;
  set(key: SessionKey, session: Session): Promise<void>;
  delete(key: SessionKey): Promise<void>;
  /** Runs `fn` holding the key's lease (see `TokenStoreObject`), then releases it; resolves to what `fn` resolves to. */
  lock<T>(key: SessionKey, fn: () => Promise<T>): Promise<T>;
}

/**
 * The `tokenStore` config value over `TokenStoreObject`s, one per session key:
 * `new HighLevel({ clientId, clientSecret, tokenStore: durableTokenStore(env.TOKENS) })`.
 * With it, one refresh happens per key across every isolate.
 */
export declare function durableTokenStore(namespace: DurableObjectNamespaceLike, options?: DurableTokenStoreOptions): DurableTokenStore;

/** The pure sliding window a `RateLimiterObject` keeps (the clock passed in), for other shared limiters. */
export declare class BudgetWindow {
  learned: RateCap | null;
  cap: RateCap | null;
  tighten(cap: RateCap | undefined): void;
  /** `'spent'` while a spent daily budget blocks the key. */
  daily(now: number): 'spent' | null;
  /** Milliseconds until one more request fits (0: now; Infinity: only an answer can free a slot). */
  wait(now: number): number;
  /** A request is let go at `now`. */
  take(now: number): void;
  /** A request let go was never sent. */
  cancel(): void;
  /** A request of the key was answered (or failed unanswered: figures all null) by `now`. */
  answer(now: number, figures?: Partial<RateLimitInfo>, dailyProbeMs?: number): void;
}
