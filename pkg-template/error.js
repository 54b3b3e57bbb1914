// The package's one error type, in a module of its own so every entry (the
// client, webhooks, workers) shares the same class and `instanceof` holds
// across them without loading another entry's wasm.
const FIELDS = ['kind', 'statusCode', 'messages', 'issues', 'operationId', 'method', 'path', 'retryable', 'attempts', 'maybeApplied', 'daily', 'rateLimit', 'response', 'requestId', 'traceId', 'code', 'details', 'resolution'];

export class HighLevelError extends Error {
  constructor(data) {
    super(data.message, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = 'HighLevelError';
    for (const f of FIELDS) if (data[f] !== undefined) this[f] = data[f];
    // Errors made before anything was sent (in JS: a session to pick, a list
    // walk that cannot go on, a bulk item never started) say so too.
    this.messages ??= [this.message];
    this.issues ??= [];
    this.retryable ??= false;
    this.attempts ??= 0;
    this.maybeApplied ??= false;
    this.rateLimit ??= { max: null, remaining: null, intervalMs: null, dailyLimit: null, dailyRemaining: null };
  }

  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const f of FIELDS) if (this[f] !== undefined) out[f] = this[f];
    return out;
  }
}
