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
  /** Retries of retryable failures (429, gateway errors...), default 0. */
  maxRetries?: number;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
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
  readonly retryable: boolean;
  /** The parsed error body, or its raw text when it was not JSON. */
  readonly response?: unknown;
  readonly requestId?: string;
  readonly traceId?: string;
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

export interface HighLevel extends Services {}
export declare class HighLevel {
  constructor(config: HighLevelConfig);
  /** The X-RateLimit-* figures of the last response. */
  readonly rateLimit: RateLimitInfo;
  /** OAuth helpers of a marketplace app config (with a token config they reject, naming what is missing). */
  readonly auth: Auth;
  /** An app client bound to the session `location:<locationId>`: same store, rate budget and transport. */
  forLocation(locationId: string): HighLevel;
  /** An app client bound to the session `company:<companyId>`. */
  forCompany(companyId: string): HighLevel;
  /** Any endpoint: validated for shape (path on the API host, query scalars), then sent. */
  request<T = unknown>(spec: GenericRequest): Promise<T>;
  /** Checks a call without sending it; empty when it would be sent. */
  validate(name: OperationName, params?: unknown, body?: unknown): ValidationIssue[];
  static validate(name: OperationName, params?: unknown, body?: unknown): ValidationIssue[];
}
export default HighLevel;
