// `highlevel-wasm/v3`: the same client as `highlevel-wasm` (config, errors,
// pacing, retries, pagination, OAuth) over the API v3 operations.
import type { Services } from './generated-v3/services';
import type { ClientMembers, HighLevelConfig, ValidationIssue } from './index';

export type * from './generated-v3/services';
export type { RequestOptions } from './options';
export type { ListOptions, PagedPromise } from './paginate';
export type { AppConfig, Auth, AuthorizationUrlOptions, ExchangeCodeOptions, AppInstallEvent, AppUninstallEvent, Session, SessionKey, SessionView, TokenStore } from './auth';
export type { BulkOptions, BulkOutcome, BulkProgress, BulkResult, ErrorKind, GenericRequest, HighLevelConfig, Limiter, RateLimitConfig, RateLimitInfo, ValidationIssue } from './index';
export { HighLevelError, MemoryTokenStore } from './index';

type ServiceName = keyof Services;
/** `'contacts.addFollowersContact'` and the like, over the v3 operations. */
export type OperationName = { [S in ServiceName]: `${S & string}.${keyof Services[S] & string}` }[ServiceName];

export interface HighLevel extends Services, ClientMembers<HighLevel, OperationName> {}
export declare class HighLevel {
  constructor(config: HighLevelConfig);
  /** Checks a call without sending it; empty when it would be sent. */
  static validate(name: OperationName, params?: unknown, body?: unknown): ValidationIssue[];
}
export default HighLevel;
