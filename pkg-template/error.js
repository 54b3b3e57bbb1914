// The package's one error type, in a module of its own so every entry (the
// client, webhooks, workers) shares the same class and `instanceof` holds
// across them without loading another entry's wasm.
const FIELDS = ['kind', 'statusCode', 'messages', 'issues', 'operationId', 'method', 'path', 'retryable', 'attempts', 'maybeApplied', 'daily', 'rateLimit', 'response', 'requestId', 'traceId', 'code', 'details', 'resolution'];

export class HighLevelError extends Error {
  constructor(data) {
    super(data.message, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = 'HighLevelError';
    for (const f of FIELDS) if (data[f] !== undefined) this[f] = data[f];
  }

  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const f of FIELDS) if (this[f] !== undefined) out[f] = this[f];
    return out;
  }
}
