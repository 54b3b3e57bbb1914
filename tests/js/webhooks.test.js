// verifyWebhook and decryptUserContext from pkg/ in Node, against vectors the
// tests make themselves (webhooks-support.js); inputs that must never panic
// the wasm; requestUserContext outside a browser; one HighLevelError class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as webhooks from '../../pkg/webhooks-node.js';
import { HighLevelError as ClientError } from '../../pkg/node.js';
import { SECRET, NOW, event, makeKeys, webhookCases, userContextCases, runCases, checkResults } from './webhooks-support.js';

const keys = makeKeys();

test('every webhook and user-context case', async () => {
  const webhook = webhookCases(keys);
  const user = userContextCases();
  const results = await runCases(webhooks, webhook, user);
  checkResults(assert, webhook, user, results, [SECRET, keys.edPem.split('\n')[1], keys.rsaPem.split('\n')[1]]);
});

test('the webhooks entry and the client share one HighLevelError class', async () => {
  assert.equal(webhooks.HighLevelError, ClientError);
  const e = await webhooks.verifyWebhook('{}', {}).catch((x) => x);
  assert.ok(e instanceof ClientError);
  assert.equal(e.name, 'HighLevelError');
  assert.equal(e.kind, 'signature');
});

test('arguments of the wrong type are refused, not crashed on', async () => {
  const v = (...args) => webhooks.verifyWebhook(...args).then(() => 'resolved', (e) => e instanceof ClientError && e.kind);
  assert.equal(await v(undefined, {}), 'validation');
  assert.equal(await v(42, {}), 'validation');
  assert.equal(await v('{}', null), 'validation');
  assert.equal(await v('{}', {}, { toleranceSec: -1 }), 'validation');
  assert.equal(await v('{}', {}, { publicKey: 42 }), 'validation');
  assert.equal(await v('{}', {}, { seen: 'yes' }), 'validation');
  assert.equal(await v('{}', { 'x-ghl-signature': ['a', 'b'] }, { publicKey: keys.edPem }), 'signature');
  const d = (...args) => webhooks.decryptUserContext(...args).then(() => 'resolved', (e) => e instanceof ClientError && e.kind);
  assert.equal(await d(undefined, SECRET), 'decode');
  assert.equal(await d('U2FsdGVkX1+', undefined), 'validation');
});

test('random bytes, headers and payloads never panic the wasm', async () => {
  const kinds = new Set(['signature', 'replay', 'decode']);
  const b64 = (n) => randomBytes(n).toString('base64');
  for (let n = 0; n < 300; n++) {
    const headers = { 'x-ghl-signature': n % 3 ? b64(n % 90) : randomBytes(n % 40).toString('latin1'), 'x-wh-signature': n % 2 ? b64(n) : undefined };
    const options = { publicKey: n % 4 ? keys.edPem : b64(n % 50), rsaPublicKey: n % 5 ? undefined : `-----BEGIN PUBLIC KEY-----\n${b64(n)}\n-----END PUBLIC KEY-----` };
    const e = await webhooks.verifyWebhook(randomBytes(n), headers, options).then(() => null, (x) => x);
    assert.ok(e instanceof ClientError && kinds.has(e.kind), `${n}: ${e}`);
    const payload = n % 2 ? `U2FsdGVkX1${b64(n)}` : b64(n);
    const u = await webhooks.decryptUserContext(payload, SECRET).then(() => null, (x) => x);
    assert.ok(u === null || (u instanceof ClientError && kinds.has(u.kind)), `${n}: ${u}`);
  }
  // Still working afterwards.
  const [r] = await runCases(webhooks, webhookCases(keys).slice(0, 1), []);
  assert.deepEqual(r.value, event());
});

test('options.now defaults to the clock', async () => {
  const [c] = webhookCases(keys);
  const e = await webhooks.verifyWebhook(c.text, c.headers, { publicKey: keys.edPem }).catch((x) => x);
  // The vectors are stamped at a fixed past NOW: outside the window of the real clock.
  assert.equal(e.kind, 'replay');
  assert.ok(Date.now() - NOW > 300_000);
});

test('requestUserContext outside a browser rejects', async () => {
  const e = await webhooks.requestUserContext({ timeoutMs: 10 }).catch((x) => x);
  assert.ok(e instanceof ClientError);
  assert.equal(e.kind, 'validation');
});
