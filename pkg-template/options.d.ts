/** Per-call options, the last argument of every operation method. */
export interface RequestOptions {
  /** Cancels the call; it then rejects with kind `aborted`. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (0 = none). */
  timeoutMs?: number;
  /** Overrides the operation's documented `Version` header. */
  version?: string;
  /** Extra headers; `Authorization` is always the client's own. */
  headers?: Record<string, string>;
  /** Retries of retryable failures for this call (default: the client's, 2). */
  maxRetries?: number;
  /** Treat this call as safe to repeat (retried after 408/5xx, resets and timeouts too). */
  idempotent?: boolean;
  /** App clients: the session to use, `location:<locationId>` (wins over params and body). */
  locationId?: string;
  /** App clients: the session to use, `company:<companyId>`. */
  companyId?: string;
}
