// The package's one error type, in a module of its own so every entry (the
// client, webhooks, workers) shares the same class and `instanceof` holds
// across them without loading another entry's wasm.
const FIELDS = ['kind', 'statusCode', 'messages', 'issues', 'operationId', 'method', 'path', 'retryable', 'attempts', 'maybeApplied', 'daily', 'rateLimit', 'response', 'requestId', 'traceId', 'code', 'details', 'resolution'];

export class HighLevelError extends Error {
  static name = 'HighLevelError'; // kept through minification (the build drops --keep-names)
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
    this.rateLimit ??= noLimits();
  }

  toJSON() {
    const out = { name: this.name, message: this.message };
    for (const f of FIELDS) if (this[f] !== undefined) out[f] = this[f];
    return out;
  }
}

/** The rate-limit figures before any answer. */
export const noLimits = () => ({ max: null, remaining: null, intervalMs: null, dailyLimit: null, dailyRemaining: null });

/** An error made in JS before anything was sent: no messages or issues unless `extra` says. */
export const failure = (kind, message, extra) => new HighLevelError({ kind, message, messages: [], issues: [], retryable: false, ...extra });

/** The issue of a value at `path` whose reading threw `e`. */
export const unreadable = (path, e) => ({ path, message: `could not be read: ${describe(e)}` });

// What a caller's value threw, for a message (that may itself throw).
// Never the caller's own toString (a sparse array of 2^32 - 1 holes takes a
// minute to join); at most 200 characters.
export function describe(e) {
  try {
    const m = e instanceof Error ? e.message : e;
    const text = scrub(m !== null && typeof m === 'object' ? Object.prototype.toString.call(m) : String(m), [...SECRETS], '[REDACTED]');
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return 'an unprintable value';
  }
}

// The tokens and client secrets clients of this module were configured with
// (the newest 256): a caller's own error that quotes one, read by `describe`
// into a message, is scrubbed first.
const SECRETS = new Set();
export function remember(secret) {
  if (typeof secret !== 'string' || secret.length < 4) return;
  SECRETS.delete(secret);
  SECRETS.add(secret);
  if (SECRETS.size > 256) SECRETS.delete(SECRETS.values().next().value);
}
/** A core error object's texts without any remembered secret (the wasm quotes what a caller's getter threw). */
export function unquoted(data) {
  if (!SECRETS.size) return data;
  const { message, messages, issues } = scrub({ message: data.message, messages: data.messages, issues: data.issues }, [...SECRETS], '[REDACTED]');
  return { ...data, message, messages, issues };
}

/** Every string in `value` (through arrays and objects) with each secret of 4+ characters replaced by `mark`. */
export function scrub(value, secrets, mark = '[redacted]') {
  const live = secrets.filter((s) => typeof s === 'string' && s.length >= 4);
  if (!live.length) return value;
  const clean = (text) => live.reduce((t, s) => t.split(s).join(mark), text);
  const walk = (v) => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/** A `validation` HighLevelError listing `issues` ([{ path, message }]). */
export function invalid(operationId, issues, plain) {
  const messages = issues.map((i) => `${i.path} ${i.message}`);
  const message = messages.join('; ');
  // `plain` (the OAuth step's): the bare list, no `messages`.
  return failure('validation', plain ? message : `Invalid request for ${operationId}: ${message}`, { messages: plain ? [] : messages, issues, operationId });
}

/**
 * The rule of the async surface: whatever goes wrong surfaces as a rejected
 * promise of a HighLevelError, never a synchronous throw. Every async entry
 * point is wrapped in this: a throw while it reads its arguments (a getter,
 * a Proxy trap, a method called without its object) becomes a `validation`
 * rejection; an error object of the core stays what it is.
 */
export function guard(operationId, fn) {
  const guarded = function (...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      return Promise.reject(asError(e, operationId));
    }
  };
  // The arity of the call shape stays visible (the SDK's, see names.test.js).
  return Object.defineProperty(guarded, 'length', { value: fn.length });
}

/** `e` as a HighLevelError when it is one or one of the core's error objects (secrets scrubbed). */
export function known(e) {
  try {
    if (e instanceof HighLevelError) return e;
    if (e && typeof e === 'object' && typeof e.kind === 'string' && Array.isArray(e.issues)) return new HighLevelError(unquoted(e));
  } catch { /* a thrown Proxy: not one */ }
}

export function asError(e, operationId) {
  return known(e) ?? invalid(operationId, [unreadable('arguments', e)]);
}
