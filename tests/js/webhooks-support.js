// Webhook and user-context vectors made here, independently of the package:
// node:crypto signs (Ed25519, RSA-SHA256) and crypto-js encrypts. The same
// cases run in Node, workerd and Chromium through `runCases`, which is
// serialized into the worker and the page, so it uses only web APIs.
import { generateKeyPairSync, sign } from 'node:crypto';
import CryptoJS from 'crypto-js';

export const NOW = Date.parse('2026-03-01T12:00:00.000Z');
export const SECRET = 'shared-secret-DO-NOT-LEAK-5678';

const iso = (ms) => new Date(ms).toISOString();

export function makeKeys() {
  const ed = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (k) => k.export({ type: 'spki', format: 'pem' });
  return {
    ed,
    rsa,
    edPem: pem(ed.publicKey),
    // base64 of the raw 32 bytes: the SPKI DER minus its 12-byte prefix.
    edRaw: ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64'),
    otherPem: pem(other.publicKey),
    rsaPem: pem(rsa.publicKey),
  };
}

export function event(over = {}) {
  return { type: 'ContactTagUpdate', locationId: 'loc-1', id: 'contact-1', tags: ['vip'], timestamp: iso(NOW), webhookId: 'wh-1', ...over };
}

/** Every verifyWebhook case: { name, text | base64 | object, as?, headers, headersAs?, options, seen?, expect }. */
export function webhookCases(k) {
  const ed = (text) => sign(null, Buffer.from(text), k.ed.privateKey).toString('base64');
  const rsa = (text) => sign('sha256', Buffer.from(text), k.rsa.privateKey).toString('base64');
  const body = JSON.stringify(event());
  const ok = { publicKey: k.edPem, now: NOW };
  const value = JSON.parse(body);
  const flip = (s, i) => s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
  const signed = (text, over = {}) => ({ text, headers: { 'x-ghl-signature': ed(text) }, options: ok, ...over });
  const cases = [
    { name: 'ed25519 string body', ...signed(body), expect: { value } },
    { name: 'ed25519 Uint8Array body, Headers', ...signed(body), as: 'uint8', headersAs: 'Headers', expect: { value } },
    { name: 'ed25519 ArrayBuffer body, mixed-case names', text: body, as: 'arraybuffer', headers: { 'X-GHL-Signature': ed(body) }, options: ok, expect: { value } },
    { name: 'ed25519 raw base64 key', ...signed(body), options: { publicKey: k.edRaw, now: NOW }, expect: { value } },
    { name: 'non-ASCII body bytes', ...signed(JSON.stringify(event({ name: 'Zoë Ångström ✓' }))), as: 'uint8', expect: { value: event({ name: 'Zoë Ångström ✓' }) } },
    { name: 'tampered body', text: body.replace('vip', 'vipp'), headers: { 'x-ghl-signature': ed(body) }, options: ok, expect: { kind: 'signature' } },
    { name: 'body re-serialized with spaces', text: JSON.stringify(value, null, 1), headers: { 'x-ghl-signature': ed(body) }, options: ok, expect: { kind: 'signature' } },
    { name: 'tampered signature', text: body, headers: { 'x-ghl-signature': flip(ed(body), 10) }, options: ok, expect: { kind: 'signature' } },
    { name: 'truncated signature', text: body, headers: { 'x-ghl-signature': ed(body).slice(0, 40) }, options: ok, expect: { kind: 'signature' } },
    { name: 'signature not base64', text: body, headers: { 'x-ghl-signature': '***' }, options: ok, expect: { kind: 'signature' } },
    { name: 'wrong ed25519 key', ...signed(body), options: { publicKey: k.otherPem, now: NOW }, expect: { kind: 'signature' } },
    { name: 'unusable publicKey', ...signed(body), options: { publicKey: 'not a key', now: NOW }, expect: { kind: 'signature' } },
    { name: 'RSA key given as publicKey', ...signed(body), options: { publicKey: k.rsaPem, now: NOW }, expect: { kind: 'signature' } },
    { name: 'no signature header', text: body, headers: { 'content-type': 'application/json' }, options: ok, expect: { kind: 'signature' } },
    { name: 'bad x-ghl-signature decides alone over a valid x-wh-signature', text: body, headers: { 'x-ghl-signature': flip(ed(body), 5), 'x-wh-signature': rsa(body) }, options: { ...ok, rsaPublicKey: k.rsaPem }, expect: { kind: 'signature' } },
    { name: 'rsa legacy with rsaPublicKey', text: body, headers: { 'x-wh-signature': rsa(body) }, options: { rsaPublicKey: k.rsaPem, now: NOW }, expect: { value } },
    { name: 'rsa when x-ghl-signature has no publicKey', text: body, headers: { 'x-ghl-signature': ed(body), 'x-wh-signature': rsa(body) }, options: { rsaPublicKey: k.rsaPem, now: NOW }, expect: { value } },
    { name: 'rsa tampered body', text: body.replace('loc-1', 'loc-2'), headers: { 'x-wh-signature': rsa(body) }, options: { rsaPublicKey: k.rsaPem, now: NOW }, expect: { kind: 'signature' } },
    { name: 'rsa refused with legacyRsa false', text: body, headers: { 'x-wh-signature': rsa(body) }, options: { rsaPublicKey: k.rsaPem, legacyRsa: false, now: NOW }, expect: { kind: 'signature' } },
    { name: 'rsa checked with HighLevel key by default', text: body, headers: { 'x-wh-signature': rsa(body) }, options: { now: NOW }, expect: { kind: 'signature', message: /x-wh-signature/ } },
    { name: 'x-ghl-signature alone without publicKey', text: body, headers: { 'x-ghl-signature': ed(body) }, options: { now: NOW }, expect: { kind: 'signature', message: /publicKey/ } },
    { name: 'unusable rsaPublicKey', text: body, headers: { 'x-wh-signature': rsa(body) }, options: { rsaPublicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', now: NOW }, expect: { kind: 'signature' } },
    { name: 'stale timestamp', ...signed(body), options: { ...ok, now: NOW + 301_000 }, expect: { kind: 'replay' } },
    { name: 'future timestamp', ...signed(body), options: { ...ok, now: NOW - 301_000 }, expect: { kind: 'replay' } },
    { name: 'edge of the window', ...signed(body), options: { ...ok, now: NOW + 300_000 }, expect: { value } },
    { name: 'toleranceSec narrows the window', ...signed(body), options: { ...ok, now: NOW + 61_000, toleranceSec: 60 }, expect: { kind: 'replay' } },
    { name: 'missing timestamp', ...signed(JSON.stringify(event({ timestamp: undefined }))), expect: { kind: 'replay' } },
    { name: 'timestamp not ISO 8601', ...signed(JSON.stringify(event({ timestamp: 'yesterday' }))), expect: { kind: 'replay' } },
    { name: 'seen refuses a repeat', ...signed(body), seen: ['wh-1'], expect: { kind: 'replay', calls: ['wh-1'] } },
    { name: 'seen passes a new id', ...signed(body), seen: ['wh-0'], expect: { value, calls: ['wh-1'] } },
    { name: 'seen without webhookId', ...signed(JSON.stringify(event({ webhookId: undefined }))), seen: [], expect: { kind: 'replay' } },
    { name: 'signed body not JSON', ...signed('not json'), expect: { kind: 'decode' } },
    { name: 'signed body a JSON array', ...signed('[1,2]'), expect: { kind: 'decode' } },
    { name: 'signed body not UTF-8', base64: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'), headers: { 'x-ghl-signature': sign(null, Buffer.from([0xff, 0xfe, 0x7b]), k.ed.privateKey).toString('base64') }, options: ok, expect: { kind: 'decode' } },
    { name: 'parsed object refused', object: value, headers: { 'x-ghl-signature': ed(body) }, options: ok, expect: { kind: 'validation', message: /re-serializ/ } },
    { name: 'empty body', ...signed(''), expect: { kind: 'decode' } },
  ];
  return cases;
}

/** The last base64 character before the padding, changed (its unused low bits too). */
function lastAltered(b64) {
  const i = b64.replace(/=+$/, '').length - 1;
  return b64.slice(0, i) + (b64[i] === 'z' ? 'y' : 'z') + b64.slice(i + 1);
}

/** Every decryptUserContext case: { name, payload, secret, expect }. */
export function userContextCases() {
  const agency = { userId: 'MKQJ7wOVVmNOMvrnKKKK', companyId: 'GNb7aIv4rQFVb9iwNl5K', role: 'admin', type: 'agency', userName: 'John Doe', email: 'johndoe@example.com' };
  const location = { ...agency, type: 'location', activeLocation: 'yLKVZpNppIdYpah4RjNE', extra: { kept: true } };
  const enc = (v, secret = SECRET) => CryptoJS.AES.encrypt(typeof v === 'string' ? v : JSON.stringify(v), secret).toString();
  const good = enc(location);
  // Flip one base64 character inside the ciphertext (past the 16-byte header).
  const i = 40;
  const tampered = good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
  const wrong = Array.from({ length: 8 }, (_, n) => ({ name: `wrong secret ${n}`, payload: good, secret: `${SECRET}-${n}`, expect: { kind: 'signature' } }));
  return [
    { name: 'agency context', payload: enc(agency), secret: SECRET, expect: { value: agency } },
    { name: 'location context keeps every field', payload: good, secret: SECRET, expect: { value: location } },
    { name: 'unicode secret and fields', payload: enc({ ...agency, userName: 'Zoë' }, 'sécret✓'), secret: 'sécret✓', expect: { value: { ...agency, userName: 'Zoë' } } },
    ...wrong,
    { name: 'tampered ciphertext', payload: tampered, secret: SECRET, expect: { kind: 'signature' } },
    { name: 'tampered last character', payload: lastAltered(good), secret: SECRET, expect: { kind: 'signature' } },
    { name: 'tampered salt', payload: good.slice(0, 14) + (good[14] === 'A' ? 'B' : 'A') + good.slice(15), secret: SECRET, expect: { kind: 'signature' } },
    { name: 'not base64', payload: 'this is not base64 at all!', secret: SECRET, expect: { kind: 'decode' } },
    { name: 'no Salted__ header', payload: Buffer.from('NotSalted-0123456789abcdef0123456789abcdef').toString('base64'), secret: SECRET, expect: { kind: 'decode' } },
    { name: 'not JSON after decryption', payload: enc('plain words'), secret: SECRET, expect: { kind: 'decode' } },
    { name: 'empty payload', payload: '', secret: SECRET, expect: { kind: 'decode' } },
    { name: 'payload not a string', payload: 42, secret: SECRET, expect: { kind: 'decode' } },
    { name: 'empty secret', payload: good, secret: '', expect: { kind: 'validation' } },
  ];
}

/** Runs the cases with the module's exports; web APIs only (serialized into workerd and Chromium). */
export async function runCases(mod, webhook, user) {
  const { verifyWebhook, decryptUserContext, HighLevelError } = mod;
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const failed = (e) => ({ isHighLevelError: e instanceof HighLevelError, isError: e instanceof Error, kind: e && e.kind, message: e && e.message, text: `${e && e.stack} ${JSON.stringify(e)}` });
  const out = [];
  for (const c of webhook) {
    let body = c.object ?? (c.base64 !== undefined ? bytes(c.base64) : c.text);
    if (c.as === 'uint8') body = new TextEncoder().encode(body);
    if (c.as === 'arraybuffer') body = new TextEncoder().encode(body).buffer;
    const headers = c.headersAs === 'Headers' ? new Headers(c.headers) : c.headers;
    const calls = [];
    const options = c.seen ? { ...c.options, seen: async (id) => { calls.push(id); return c.seen.includes(id); } } : c.options;
    out.push(await verifyWebhook(body, headers, options).then((value) => ({ name: c.name, value, calls }), (e) => ({ name: c.name, calls, ...failed(e) })));
  }
  for (const c of user) {
    out.push(await decryptUserContext(c.payload, c.secret).then((value) => ({ name: c.name, value }), (e) => ({ name: c.name, ...failed(e) })));
  }
  return out;
}

/** Asserts each result against its case; secrets and keys never appear in an error. */
export function checkResults(assert, webhook, user, results, secrets) {
  const cases = [...webhook, ...user];
  assert.equal(results.length, cases.length);
  cases.forEach((c, n) => {
    const r = results[n];
    const where = `${c.name}: ${JSON.stringify(r).slice(0, 400)}`;
    assert.equal(r.name, c.name);
    if (c.expect.value) {
      assert.deepEqual(r.value, c.expect.value, where);
    } else {
      assert.equal(r.isHighLevelError, true, where);
      assert.equal(r.isError, true, where);
      assert.equal(r.kind, c.expect.kind, where);
      if (c.expect.message) assert.match(r.message, c.expect.message, where);
      for (const s of secrets) assert.ok(!r.text.includes(s), `${c.name}: a secret leaked into the error`);
    }
    if (c.expect.calls) assert.deepEqual(r.calls, c.expect.calls, where);
  });
}
