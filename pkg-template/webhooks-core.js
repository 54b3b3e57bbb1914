// `highlevel-wasm/webhooks`: argument checks and HighLevelError wrapping in
// JS, signature/replay/decrypt decisions in the webhooks wasm, primitives in
// the runtime's WebCrypto. Shares error.js with the client, not its wasm.
import { verify, decryptUserContext as decrypt } from './webhooks_wasm.js';
import { HighLevelError, asError, describe, failure as made, guard } from './error.js';

export { HighLevelError };

// The entry hands in WebCrypto's SubtleCrypto (Node 18 has no global `crypto`).
let subtle;
export function setSubtle(s) {
  subtle = s;
}

const failure = (kind, message, operationId, extra) => made(kind, message, { operationId, ...extra });

function invalid(operationId, path, message) {
  return failure('validation', `${path} ${message}`, operationId, { issues: [{ path, message }] });
}

// The wasm rejects with { kind, message }; anything else is a trap or a host
// bug, and still refuses the input.
function wrap(operationId) {
  return (e) => {
    if (e instanceof HighLevelError) throw e;
    if (e && typeof e.kind === 'string' && typeof e.message === 'string') throw failure(e.kind, e.message, operationId);
    throw failure('signature', `${operationId} failed inside the webhooks core: ${describe(e)}`, operationId, { cause: e });
  };
}

function cryptoOrFail(operationId) {
  if (!subtle) throw failure('signature', 'WebCrypto (crypto.subtle) is not available here; browsers offer it only in secure contexts', operationId);
  return subtle;
}

const encoder = new TextEncoder();

/** The bytes as received; a parsed object is refused (re-serializing changes them). */
function bytesOf(raw) {
  if (typeof raw === 'string') return encoder.encode(raw);
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer || Object.prototype.toString.call(raw) === '[object ArrayBuffer]') return new Uint8Array(raw);
  if (ArrayBuffer.isView(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const why = raw !== null && typeof raw === 'object'
    ? 'must be the raw body (string, Uint8Array or ArrayBuffer), not a parsed object: re-serializing changes the bytes the signature covers'
    : 'must be the raw body as a string, Uint8Array or ArrayBuffer';
  throw invalid('verifyWebhook', 'rawBody', why);
}

/** A case-insensitive reader over a `Headers` or a plain object (Node's `req.headers`). */
function headerReader(headers) {
  if (headers === null || typeof headers !== 'object') throw invalid('verifyWebhook', 'headers', 'must be a Headers or a plain object');
  if (typeof headers.get === 'function') return (name) => headers.get(name) ?? undefined;
  const byName = new Map(Object.keys(headers).map((k) => [k.toLowerCase(), headers[k]]));
  return (name) => {
    const v = byName.get(name);
    if (v === undefined || v === null) return undefined;
    // Repeated headers: joined, which no signature decodes from, so they are refused.
    // Strings only (a sparse array of 2^32 - 1 holes took a minute to join).
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.length <= 16 && v.every((x) => typeof x === 'string') ? v.join(', ') : '(repeated)';
    return typeof v === 'object' || typeof v === 'function' ? '(not a string)' : String(v);
  };
}

function option(options, name, type, check) {
  const v = options[name];
  if (v === undefined) return undefined;
  if (typeof v !== type || (check && !check(v))) throw invalid('verifyWebhook', `options.${name}`, `must be ${check ? `a valid ${type}` : `a ${type}`}`);
  return v;
}

// Whatever the caller's values throw while read (a getter, a Proxy trap, a
// `headers.get` that throws) rejects as a HighLevelError too.
const typed = (operationId, fn) => guard(operationId, (...args) => fn(...args).then(undefined, (e) => { throw asError(e, operationId); }));

export const verifyWebhook = typed('verifyWebhook', async (rawBody, headers, options = {}) => {
  const body = bytesOf(rawBody);
  const header = headerReader(headers);
  if (options === null || typeof options !== 'object') throw invalid('verifyWebhook', 'options', 'must be an object');
  const publicKey = option(options, 'publicKey', 'string');
  const rsaPublicKey = option(options, 'rsaPublicKey', 'string');
  const legacyRsa = option(options, 'legacyRsa', 'boolean');
  const toleranceSec = option(options, 'toleranceSec', 'number', (n) => n >= 0 && Number.isFinite(n));
  const now = option(options, 'now', 'number', Number.isFinite);
  const seen = option(options, 'seen', 'function');
  const event = await verify(
    body, header('x-ghl-signature'), header('x-wh-signature'), publicKey, rsaPublicKey,
    legacyRsa !== false, toleranceSec ?? 300, now ?? Date.now(), cryptoOrFail('verifyWebhook'),
  ).then(undefined, wrap('verifyWebhook'));
  if (seen) {
    const id = event.webhookId;
    if (typeof id !== 'string' || id === '') throw failure('replay', 'the payload has no webhookId to check with options.seen', 'verifyWebhook');
    let already;
    try {
      already = await seen(id);
    } catch (cause) {
      throw failure('store', 'options.seen failed', 'verifyWebhook', { retryable: true, cause });
    }
    if (already) throw failure('replay', 'this webhookId was already processed (options.seen)', 'verifyWebhook');
  }
  return event;
});

export const decryptUserContext = typed('decryptUserContext', async (payload, sharedSecret) => {
  if (typeof sharedSecret !== 'string' || sharedSecret === '') throw invalid('decryptUserContext', 'sharedSecret', 'must be a non-empty string');
  if (typeof payload !== 'string') throw failure('decode', 'the user context must be the encrypted string (base64)', 'decryptUserContext');
  return decrypt(payload, sharedSecret, cryptoOrFail('decryptUserContext')).then(undefined, wrap('decryptUserContext'));
});

/**
 * In a custom page (iframe): asks the parent for the encrypted user context
 * and takes the first REQUEST_USER_DATA_RESPONSE; in Custom JS, where
 * `window.exposeSessionDetails` exists, asks it with `appId`.
 */
export const requestUserContext = guard('requestUserContext', ({ timeoutMs = 5000, appId } = {}) => {
  const op = 'requestUserContext';
  const win = globalThis.window;
  if (!win || typeof win.addEventListener !== 'function') return Promise.reject(invalid(op, 'window', 'is required: requestUserContext runs in a browser page'));
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) return Promise.reject(invalid(op, 'timeoutMs', 'must be a non-negative number'));
  return new Promise((resolve, reject) => {
    let done = false;
    let onMessage;
    const finish = (f, v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (onMessage) win.removeEventListener('message', onMessage);
      f(v);
    };
    const timer = setTimeout(() => finish(reject, failure('timeout', `no user context within ${timeoutMs} ms`, op)), timeoutMs);
    if (typeof win.exposeSessionDetails === 'function') {
      Promise.resolve()
        .then(() => win.exposeSessionDetails(appId))
        .then((v) => finish(resolve, v), (e) => finish(reject, failure('network', `exposeSessionDetails failed: ${describe(e)}`, op, { cause: e })));
      return;
    }
    onMessage = (event) => {
      const data = event && event.data;
      if (data && typeof data === 'object' && data.message === 'REQUEST_USER_DATA_RESPONSE') finish(resolve, data.payload);
    };
    win.addEventListener('message', onMessage);
    try {
      win.parent.postMessage({ message: 'REQUEST_USER_DATA' }, '*');
    } catch (e) {
      finish(reject, failure('network', `cannot post to the parent window: ${describe(e)}`, op, { cause: e }));
    }
  });
});
