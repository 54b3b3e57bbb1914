import type { Services } from './generated/services';
import type { RequestOptions } from './options';

export type * from './generated/services';
export type { RequestOptions } from './options';
export type { ListOptions, PagedPromise } from './paginate';
export type { AppConfig, Auth, AuthorizationUrlOptions, ExchangeCodeOptions, AppInstallEvent, AppUninstallEvent, Session, SessionKey, SessionView, TokenStore } from './auth';
export { MemoryTokenStore } from './auth';
import type { AppConfig, Auth } from './auth';

interface CommonConfig {
  /** API origin; defaults to https://services.leadconnectorhq.com */
  baseUrl?: string;
  /** Per-call timeout in milliseconds (default 30000; 0 = none). */
  timeoutMs?: number;
  /** Retries of retryable failures (0 to 20, default 2): 429 and unsent requests always, 408/5xx/resets/timeouts only for idempotent calls. */
  maxRetries?: number;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /**
   * Pacing, on by default: every call waits for a slot of its rate key (100 per 10,000 ms until the
   * `X-RateLimit-*` headers say otherwise). `false` turns it off; `max`/`intervalMs` cap the budget.
   */
  rateLimit?: false | RateLimitConfig;
  /** Replaces the in-process limiter (a Durable Object, Redis...). */
  limiter?: Limiter;
}

export interface RateLimitConfig {
  /** At most this many requests per `intervalMs` (a cap: the smaller of it and what the headers say holds). */
  max?: number;
  intervalMs?: number;
  /** The rate key; default: a hash of the API origin and the token (never the token), or the session's key. */
  key?: string;
  /** After `X-RateLimit-Daily-Remaining` reaches 0, calls fail fast this long (default 900,000 ms), then one probes. */
  dailyProbeMs?: number;
}

/** The limiter seam: both methods may return promises. */
export interface Limiter {
  /** Resolves when a request with this key may leave; rejecting fails the call without sending. */
  acquire(key: string, options: { signal?: AbortSignal }): unknown;
  /** What the last response's headers said. */
  update(key: string, figures: RateLimitInfo): unknown;
}

export interface BulkOptions {
  /** Items in flight at once (default 8). */
  concurrency?: number;
  /** Starts no new items once aborted; the rest are marked with an `aborted` error. */
  signal?: AbortSignal;
  /** At most every 250 ms and once at the end. */
  onProgress?: (progress: BulkProgress) => void;
}

export interface BulkProgress {
  done: number;
  failed: number;
  total: number;
  ratePerSec: number;
  /** Estimated ms left; null before the first item settles. */
  etaMs: number | null;
}

export type BulkResult<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: unknown };

export interface BulkOutcome<T, R> {
  /** One per input, in input order. */
  results: BulkResult<T, R>[];
  succeeded: number;
  failed: number;
}

export type HighLevelConfig =
  | (CommonConfig & { privateIntegrationToken: string; accessToken?: undefined })
  | (CommonConfig & { accessToken: string; privateIntegrationToken?: undefined })
  /** A marketplace app: sessions per location/company from OAuth, refreshed as needed. */
  | (CommonConfig & AppConfig & { privateIntegrationToken?: undefined; accessToken?: undefined });

export type ErrorKind =
  | 'validation' | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'unprocessable'
  | 'rate_limited' | 'server' | 'http' | 'network' | 'timeout' | 'aborted' | 'decode'
  /** highlevel-wasm/webhooks: a signature that is missing, malformed or wrong, or a key that cannot be used. */
  | 'signature'
  /** highlevel-wasm/webhooks: outside the timestamp window, or a webhookId already seen. */
  | 'replay'
  /** a list walk that cannot go on: a cursor that does not advance, a next-page URL off the base URL's origin */
  | 'pagination'
  /** the token store failed (`cause` is its error); after a failed `set` the new session is kept in memory and written on the next call */
  | 'store';

export interface ValidationIssue {
  /** Where the problem is: `contactId`, `followers[1]`, `contacts[3].customFields[0].value`. */
  path: string;
  message: string;
}

export declare class HighLevelError extends Error {
  readonly name: 'HighLevelError';
  readonly kind: ErrorKind;
  /** HTTP status, when a response came. */
  readonly statusCode?: number;
  readonly messages: string[];
  readonly issues: ValidationIssue[];
  /** The spec's operationId, e.g. `add-followers-contact`. */
  readonly operationId: string;
  readonly method: string;
  /** Request path without the query string. */
  readonly path: string;
  /** Whether this failure is of a kind worth retrying (it was, up to `maxRetries`). */
  readonly retryable: boolean;
  /** How many times the request was sent (0: never left). */
  readonly attempts: number;
  /** The call may have taken effect although it failed (a 408/5xx answer, a reset after sending, a timeout) and was not retried. */
  readonly maybeApplied: boolean;
  /** Failed fast without sending: the rate key's daily budget is spent. */
  readonly daily?: boolean;
  /** The last `X-RateLimit-*` figures. */
  readonly rateLimit: RateLimitInfo;
  /** The parsed error body, or its raw text when it was not JSON. */
  readonly response?: unknown;
  readonly requestId?: string;
  readonly traceId?: string;
  /** v3's AIP error envelope `{ error: { code, message, details, resolution } }`: its machine-readable code (`RESOURCE_NOT_FOUND`). */
  readonly code?: string;
  /** The AIP envelope's context (field name, identifier...). */
  readonly details?: Record<string, unknown>;
  /** The AIP envelope's suggested fix. */
  readonly resolution?: string;
  toJSON(): Record<string, unknown>;
}

export interface RateLimitInfo {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
  dailyLimit: number | null;
  dailyRemaining: number | null;
}

/** A call to an endpoint outside the operation table. */
export interface GenericRequest extends RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An absolute path on the API host, e.g. `/contacts/abc`. */
  path: string;
  query?: Record<string, string | number | boolean | Array<string | number | boolean> | null | undefined>;
  body?: unknown;
}

type ServiceName = keyof Services;
/** `'contacts.addFollowersContact'` and the like. */
export type OperationName = { [S in ServiceName]: `${S & string}.${keyof Services[S] & string}` }[ServiceName];

/** What a client has besides its services (`Self`: its class; `Name`: its operation names); shared with `highlevel-wasm/v3`. */
export interface ClientMembers<Self, Name extends string> {
  /** The X-RateLimit-* figures of the last response. */
  readonly rateLimit: RateLimitInfo;
  /** OAuth helpers of a marketplace app config (with a token config they reject, naming what is missing). */
  readonly auth: Auth;
  /** An app client bound to the session `location:<locationId>`: same store, rate budget and transport. */
  forLocation(locationId: string): Self;
  /** An app client bound to the session `company:<companyId>`. */
  forCompany(companyId: string): Self;
  /** Runs `fn(item, ghl)` for every item, paced by this client's budget; never rejects for an item's failure. */
  bulk<T, R>(items: Iterable<T>, fn: (item: T, ghl: Self) => Promise<R> | R, options?: BulkOptions): Promise<BulkOutcome<T, R>>;
  /** Any endpoint: validated for shape (path on the API host, query scalars), then sent. */
  request<T = unknown>(spec: GenericRequest): Promise<T>;
  /** Checks a call without sending it; empty when it would be sent. */
  validate(name: Name, params?: unknown, body?: unknown): ValidationIssue[];
}

export interface HighLevel extends Services, ClientMembers<HighLevel, OperationName> {}
export declare class HighLevel {
  constructor(config: HighLevelConfig);
  /** Checks a call without sending it; empty when it would be sent. */
  static validate(name: OperationName, params?: unknown, body?: unknown): ValidationIssue[];
}
export default HighLevel;
