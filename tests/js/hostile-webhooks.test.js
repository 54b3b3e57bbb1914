// Hostile input (issue 13) against `highlevel-wasm/webhooks`: verifyWebhook
// (raw body, headers, options in every position, and bytes as they arrive
// from the network), decryptUserContext and requestUserContext. The shared
// secret and the keys never appear in an error; a good event still
// verifies afterwards (the webhooks wasm is not trapped).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as webhooks from '../../pkg/webhooks-node.js';
import { HighLevelError } from '../../pkg/node.js';
import { SECRET, NOW, event, makeKeys, webhookCases } from './webhooks-support.js';
import { fc, params, recipe, build, probe, assertPrototypesUntouched, assertNoStray, report } from './hostile-support.js';

const keys = makeKeys();
const SECRETS = [SECRET, keys.edPem.split('\n')[1], keys.rsaPem.split('\n')[1]];
const good = webhookCases(keys).find((c) => c.name === 'ed25519 string body');

after(() => report('webhooks'));

async function healthy(where) {
  const e = await webhooks.verifyWebhook(good.text, good.headers, good.options);
  assert.equal(e.type, JSON.parse(good.text).type, `${where}: a good event no longer verifies`);
}

test('verifyWebhook: hostile raw bodies, headers and options', async () => {
  assert.ok(good, 'a good Ed25519 case to check against');
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => ({ t: 'bytes', b: Array.from(b) }));
  const position = fc.oneof({ weight: 2, arbitrary: fc.constant({ t: 'valid' }) }, { weight: 3, arbitrary: recipe }, { weight: 1, arbitrary: bytes });
  const headerRecipe = fc.oneof(
    fc.constant({ t: 'valid' }),
    recipe,
    fc.record({ t: fc.constant('sig'), ed: fc.oneof(fc.constant({ t: 'valid' }), recipe), rsa: fc.oneof(fc.constant({ t: 'v', v: undefined }), recipe), as: fc.constantFrom('object', 'Headers', 'array-values') }),
  );
  const optionRecipe = fc.oneof(
    fc.constant({ t: 'valid' }),
    recipe,
    fc.record({ t: fc.constant('opt'), key: fc.constantFrom('publicKey', 'rsaPublicKey', 'legacyRsa', 'toleranceSec', 'now', 'seen'), value: recipe }),
  );
  await fc.assert(fc.asyncProperty(position, headerRecipe, optionRecipe, async (br, hr, or) => {
    const raw = br.t === 'bytes' ? new Uint8Array(br.b) : build(br, good.text);
    let headers;
    if (hr.t === 'sig') {
      const h = { 'x-ghl-signature': build(hr.ed, good.headers['x-ghl-signature']), 'x-wh-signature': build(hr.rsa, undefined) };
      headers = hr.as === 'Headers' ? safeHeaders(h) : hr.as === 'array-values' ? { 'x-ghl-signature': [h['x-ghl-signature'], 'x'] } : h;
    } else {
      headers = build(hr, good.headers);
    }
    let options;
    if (or.t === 'opt') {
      options = { ...good.options };
      Object.defineProperty(options, or.key, { value: build(or.value, undefined), enumerable: true, configurable: true });
    } else {
      options = build(or, good.options);
    }
    const out = await probe(() => webhooks.verifyWebhook(raw, headers, options), { secrets: SECRETS, where: `verifyWebhook ${process.env.HOSTILE_SLOW ? JSON.stringify([br, hr, or]).slice(0, 600) : ''}`, ErrorClass: HighLevelError });
    if (!out.ok) assert.ok(['signature', 'replay', 'decode', 'validation'].includes(out.error.kind), `verifyWebhook kind ${out.error.kind}`);
    assertPrototypesUntouched('verifyWebhook');
    assertNoStray('verifyWebhook');
    await healthy('verifyWebhook');
  }), params(300));
});

test('decryptUserContext and requestUserContext: hostile payloads, secrets and options', async () => {
  const payload = fc.oneof(
    recipe,
    fc.uint8Array({ maxLength: 200 }).map((b) => ({ t: 'v', v: Buffer.from(b).toString('base64') })),
    fc.uint8Array({ maxLength: 200 }).map((b) => ({ t: 'v', v: Buffer.concat([Buffer.from('Salted__'), Buffer.from(b)]).toString('base64') })),
    fc.constantFrom('U2FsdGVkX1', 'U2FsdGVkX1+AAAAAAAAAAA==', '====', 'U2FsdGVkX18AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=').map((v) => ({ t: 'v', v })),
  );
  const secret = fc.oneof(fc.constant({ t: 'v', v: SECRET }), recipe);
  await fc.assert(fc.asyncProperty(payload, secret, recipe, async (pr, sr, rr) => {
    const p = build(pr, undefined);
    const s = build(sr, undefined);
    const out = await probe(() => webhooks.decryptUserContext(p, s), { secrets: SECRETS, where: 'decryptUserContext', ErrorClass: HighLevelError });
    assert.ok(!out.ok, 'nothing random decrypts');
    const r = await probe(() => webhooks.requestUserContext(build(rr, undefined)), { secrets: SECRETS, where: 'requestUserContext', ErrorClass: HighLevelError });
    assert.ok(!r.ok, 'no window in Node');
    assertPrototypesUntouched('decryptUserContext');
    assertNoStray('decryptUserContext');
  }), params(250));
  await healthy('decryptUserContext');
});

test('a user context of random bytes under a prefix, with the right secret: decode or signature, never a trap', async () => {
  for (let i = 0; i < 50; i++) {
    const p = Buffer.concat([Buffer.from('Salted__'), randomBytes(8 + 16 * (i % 5))]).toString('base64');
    const out = await probe(() => webhooks.decryptUserContext(p, SECRET), { secrets: SECRETS, where: 'decrypt random', ErrorClass: HighLevelError });
    assert.ok(!out.ok);
  }
  await healthy('decrypt random');
  assert.ok(NOW > 0 && event().type);
});

// A Headers of the string values (Headers would join a hostile array itself, slowly).
function safeHeaders(h) {
  const strings = Object.fromEntries(Object.entries(h).filter(([, v]) => typeof v === 'string'));
  try { return new Headers(strings); } catch { return h; }
}
