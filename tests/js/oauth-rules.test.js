// The OAuth step's decisions, pure (clock and randomness passed in): which
// session a call uses, when a refresh is due, what a 401 means, the consent
// URL, the session a token answer makes, redaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as R from '../../pkg/auth-rules.js';
import { MemoryTokenStore } from '../../pkg/node.js';

test('the session key: options first, then params, then body; location before company', () => {
  assert.equal(R.pickKey({ locationId: 'P' }, { locationId: 'B' }, { locationId: 'O' }), 'location:O');
  assert.equal(R.pickKey({ locationId: 'P' }, { locationId: 'B' }, { companyId: 'C' }), 'company:C');
  assert.equal(R.pickKey({ companyId: 'PC' }, { locationId: 'B' }, {}), 'company:PC');
  assert.equal(R.pickKey(undefined, { locationId: 'B' }, undefined), 'location:B');
  assert.equal(R.pickKey({ locationId: '' }, null, { locationId: 7 }), undefined);
  assert.equal(R.pickKey(undefined, undefined, undefined), undefined);
  assert.deepEqual(R.stripSessionKeys({ locationId: 'a', companyId: 'b', timeoutMs: 5 }), { timeoutMs: 5 });
  const o = { timeoutMs: 1 };
  assert.equal(R.stripSessionKeys(o), o);
  assert.equal(R.stripSessionKeys(undefined), undefined);
  assert.equal(R.sessionKey({ userType: 'Company', companyId: 'c', locationId: 'l' }), 'company:c');
  assert.equal(R.sessionKey({ userType: 'Location', companyId: 'c', locationId: 'l' }), 'location:l');
});

test('a refresh is due when less than the skew is left', () => {
  const now = 1_000_000;
  assert.equal(R.DEFAULT_SKEW_MS, 300_000);
  assert.equal(R.refreshDue({ expiresAt: now + 300_000 }, now), false);
  assert.equal(R.refreshDue({ expiresAt: now + 299_999 }, now), true);
  assert.equal(R.refreshDue({ expiresAt: now - 1 }, now, 0), true);
  assert.equal(R.refreshDue({ expiresAt: now + 1 }, now, 0), false);
  assert.equal(R.refreshDue({}, now), false); // no expiry known: only a 401 refreshes
});

test('a 401 that says the token is dead is worth one refresh; other 401s are not', () => {
  assert.equal(R.isInvalidToken({ statusCode: 401, message: 'Invalid JWT' }), true);
  assert.equal(R.isInvalidToken({ statusCode: 401, message: 'Invalid token: access token is invalid' }), true);
  assert.equal(R.isInvalidToken({ statusCode: 401, message: 'Token expired' }), true);
  assert.equal(R.isInvalidToken({ statusCode: 401, message: 'This authClass type is not allowed to access this scope' }), false);
  assert.equal(R.isInvalidToken({ statusCode: 403, message: 'Invalid JWT' }), false);
  assert.equal(R.isInvalidToken(undefined), false);
});

test('the consent URL: every value percent-encoded, scopes space-separated, state random unless given', () => {
  const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => 250 - i);
  const { url, state } = R.authorizationUrl('my app', { redirectUri: 'https://app.test/cb?a=1&b=(x)', scopes: ['contacts.readonly', 'conversations/message.write'] }, bytes);
  assert.equal(state, Buffer.from(bytes(16)).toString('base64url'));
  assert.equal(state.length, 22);
  assert.equal(url, `https://marketplace.gohighlevel.com/v2/oauth/chooselocation?response_type=code&client_id=my%20app&redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fa%3D1%26b%3D%28x%29&scope=contacts.readonly%20conversations%2Fmessage.write&state=${state}`);
  const given = R.authorizationUrl('id', { redirectUri: 'https://a.test/', scopes: ['x'], state: 's t', versionId: 'v1' }, bytes, 'https://marketplace.leadconnectorhq.com/');
  assert.equal(given.state, 's t');
  assert.ok(given.url.startsWith('https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation?'));
  assert.ok(given.url.endsWith('&scope=x&state=s%20t&version_id=v1'));
  const seen = new Set(Array.from({ length: 50 }, () => R.authorizationUrl('id', { redirectUri: 'https://a.test/', scopes: [] }, (n) => crypto.getRandomValues(new Uint8Array(n))).state));
  assert.equal(seen.size, 50);
  assert.throws(() => R.authorizationUrl('id', { scopes: 'nope' }, bytes), (e) => e.kind === 'validation' && e.issues.map((i) => i.path).join() === 'redirectUri');
  assert.throws(() => R.authorizationUrl('', { redirectUri: 'https://a.test/', scopes: [1] }, bytes), (e) => e.issues.map((i) => i.path).join() === 'clientId,scopes');
});

test('a token answer makes a plain JSON session; its view has no token', () => {
  const body = { access_token: 'AT', refresh_token: 'RT', expires_in: 86399, scope: 'a b', userType: 'Location', companyId: 'C', locationId: 'L', userId: 'U', token_type: 'Bearer' };
  const s = R.sessionFromToken(body, 1000);
  assert.deepEqual(s, { accessToken: 'AT', refreshToken: 'RT', expiresAt: 1000 + 86_399_000, userType: 'Location', companyId: 'C', locationId: 'L', userId: 'U', scopes: ['a', 'b'] });
  // A location token answer without userType or refresh token keeps what it inherits.
  const minted = R.sessionFromToken({ access_token: 'AT2', expires_in: 10 }, 0, { companyId: 'C', locationId: 'L', userId: 'U' });
  assert.deepEqual(minted, { accessToken: 'AT2', expiresAt: 10_000, userType: 'Location', companyId: 'C', locationId: 'L', userId: 'U', scopes: [] });
  const view = R.redact('location:L', s);
  assert.deepEqual(view, { key: 'location:L', userType: 'Location', companyId: 'C', locationId: 'L', userId: 'U', scopes: ['a', 'b'], expiresAt: 1000 + 86_399_000 });
  assert.ok(!JSON.stringify(view).includes('AT') && !JSON.stringify(view).includes('RT'));
});

test('forms, messages and scrubbing', () => {
  assert.equal(R.formBody({ a: 'x y', b: undefined, c: "it's!" }), 'a=x%20y&c=it%27s%21');
  assert.equal(R.messageOf({ error: 'invalid_grant', error_description: 'Invalid grant: refresh token is invalid' }, 400), 'Invalid grant: refresh token is invalid');
  assert.equal(R.messageOf({ message: ['a', 'b'] }, 422), 'a, b');
  assert.equal(R.messageOf(undefined, 502), 'HTTP 502');
  assert.equal(R.kindOf(400), 'bad_request');
  assert.equal(R.kindOf(503), 'server');
  assert.equal(R.kindOf(409), 'http');
  assert.equal(R.isRefusal(400, {}), true);
  assert.equal(R.isRefusal(502, {}), false);
  assert.deepEqual(R.scrub({ m: 'secret-123 and secret-123', l: ['x secret-123'] }, ['secret-123', undefined, 'ab']), { m: '[redacted] and [redacted]', l: ['x [redacted]'] });
});

test('MemoryTokenStore copies sessions and serialises holders of one key', async () => {
  const store = new MemoryTokenStore();
  const s = { accessToken: 'a', scopes: ['x'] };
  store.set('location:L', s);
  s.scopes.push('y');
  assert.deepEqual(store.get('location:L'), { accessToken: 'a', scopes: ['x'] });
  const order = [];
  const hold = (name, ms) => store.lock('location:L', async () => { order.push(`${name}+`); await new Promise((r) => setTimeout(r, ms)); order.push(`${name}-`); return name; });
  const other = store.lock('company:C', async () => { order.push('c'); return 'c'; });
  assert.deepEqual(await Promise.all([hold('a', 20), hold('b', 1), other]), ['a', 'b', 'c']);
  // Another key does not wait; the same key waits for the holder before it.
  assert.deepEqual(order.filter((x) => x !== 'c'), ['a+', 'a-', 'b+', 'b-']);
  assert.ok(order.indexOf('c') < order.indexOf('a-'));
  await assert.rejects(store.lock('location:L', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await store.lock('location:L', async () => 'after'), 'after');
  store.delete('location:L');
  assert.equal(store.get('location:L'), undefined);
});
