// Hostile input (issue 13) against a marketplace app client and its
// `ghl.auth` helpers, over the sandbox's OAuth: hostile arguments to
// authorizationUrl, exchangeCode, refresh, locationToken, session,
// handleInstall, handleUninstall, forLocation/forCompany and app calls, and
// hostile token stores. No secret (client secret, code, access or refresh
// token) in any error; the installed session keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { HighLevel, MemoryTokenStore } from '../../pkg/node.js';
import { startSandbox } from './support.js';
import { fc, params, recipe, build, optionsRecipe, buildOptions, probe, assertPrototypesUntouched, assertNoStray, report } from './hostile-support.js';

let sb;
let ghl;
let store;
const secrets = new Set();
const SECRETS = () => [...secrets];

// A memory store that notes every token it is handed as a secret.
class NotingStore extends MemoryTokenStore {
  set(key, s) {
    if (s && typeof s === 'object') { secrets.add(s.accessToken); secrets.add(s.refreshToken); }
    return super.set(key, s);
  }
}

const app = (extra = {}) => new HighLevel({ clientId: sb.clientId, clientSecret: sb.clientSecret, baseUrl: sb.baseUrl, marketplaceUrl: sb.baseUrl, rateLimit: false, maxRetries: 0, fetch: (u, i) => globalThis.fetch(u, i), ...extra });

before(async () => {
  sb = await startSandbox(['--burst', '1000000']);
  secrets.add(sb.clientSecret);
  secrets.add(sb.token);
  store = new NotingStore();
  ghl = app({ tokenStore: store });
  const { url, state } = ghl.auth.authorizationUrl({ redirectUri: 'https://app.test/callback', scopes: ['contacts.readonly'] });
  const res = await fetch(`${url}&user_type=Location`, { redirect: 'manual' });
  const back = new URL(res.headers.get('location'));
  secrets.add(back.searchParams.get('code'));
  await ghl.auth.exchangeCode({ code: back.searchParams.get('code'), state: back.searchParams.get('state'), expectedState: state, redirectUri: 'https://app.test/callback' });
});
after(async () => {
  report('auth');
  await sb?.stop();
});

async function healthy(where) {
  const id = sb.contacts[0].id;
  const out = await ghl.forLocation(sb.locationId).contacts.getContact({ contactId: id });
  assert.equal(out?.contact?.id, id, `${where}: the installed session no longer works`);
}

const SYNC = new Set(['authorizationUrl', 'forLocation', 'forCompany']);

test('ghl.auth helpers and app calls: hostile arguments', async () => {
  const VALID = () => ({
    authorizationUrl: { redirectUri: 'https://app.test/cb', scopes: ['contacts.readonly'] },
    exchangeCode: { code: 'not-a-real-code', redirectUri: 'https://app.test/cb' },
    refresh: `location:${sb.locationId}`,
    locationToken: { companyId: 'no-company', locationId: 'no-location' },
    session: `location:${sb.locationId}`,
    handleInstall: { type: 'INSTALL', companyId: 'no-company', locationId: 'no-location' },
    handleUninstall: { type: 'UNINSTALL', locationId: 'some-other-location' },
    forLocation: 'some-location',
    forCompany: 'some-company',
    call: { contactId: sb.contacts[0].id },
    request: { method: 'GET', path: `/contacts/${sb.contacts[0].id}` },
  });
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('authorizationUrl', 'exchangeCode', 'refresh', 'locationToken', 'session', 'handleInstall', 'handleUninstall', 'forLocation', 'forCompany', 'call', 'request', 'detached'),
    fc.oneof({ weight: 1, arbitrary: fc.constant({ t: 'valid' }) }, { weight: 3, arbitrary: recipe }),
    optionsRecipe,
    async (op, ar, or) => {
      const valid = VALID();
      const arg = build(ar, valid[op]);
      const opts = buildOptions(or);
      const call = {
        call: () => ghl.contacts.getContact(arg, opts),
        request: () => ghl.request(arg),
        detached: () => { const { session } = ghl.auth; return session(arg); },
      }[op] ?? (() => (op.startsWith('for') ? ghl[op](arg) : ghl.auth[op](arg)));
      const out = await probe(call, { secrets: SECRETS(), where: `auth ${op}`, async: !SYNC.has(op) });
      if (out.ok && out.value && typeof out.value === 'object') {
        const text = `${safe(() => JSON.stringify(out.value))} ${inspect(out.value, { depth: 5, showHidden: true })}`;
        for (const s of SECRETS()) if (s) assert.ok(!text.includes(s), `auth ${op}: a secret in what it returned: ${text.slice(0, 300)}`);
      }
      assertPrototypesUntouched(op);
      assertNoStray(op);
      await healthy(op);
    },
  ), params(250));
});

test('hostile token stores: every call rejects with a HighLevelError, no secret, no trap', async () => {
  const storeRecipe = fc.record({
    shape: fc.constantFrom('methods-throw', 'methods-throw-symbol', 'getters-throw', 'revoked', 'proxy-all', 'returns-hostile', 'lock-throws', 'lock-never-calls', 'not-functions'),
    value: recipe,
  });
  await fc.assert(fc.asyncProperty(storeRecipe, fc.constantFrom('call', 'session', 'refresh', 'uninstall', 'exchange'), async (sr, what) => {
    const hostile = build(sr.value, undefined);
    const boom = () => { throw new Error('hostile store'); };
    let st;
    switch (sr.shape) {
      case 'methods-throw': st = { get: boom, set: boom, delete: boom }; break;
      case 'methods-throw-symbol': st = { get() { throw Symbol('s'); }, set() { throw Symbol('s'); }, delete() { throw Symbol('s'); } }; break;
      case 'getters-throw': st = { get get() { return boom(); }, get set() { return boom(); }, get delete() { return boom(); } }; break;
      case 'revoked': { const r = Proxy.revocable({}, {}); r.revoke(); st = r.proxy; break; }
      case 'proxy-all': st = new Proxy({}, new Proxy({}, { get: () => boom })); break;
      case 'returns-hostile': st = { get: () => hostile, set: () => hostile, delete: () => hostile, lock: (k, fn) => hostile }; break;
      case 'lock-throws': st = { get: () => ({ accessToken: 'at-HOSTILE-expired-1', refreshToken: 'rt-HOSTILE-1', expiresAt: 0, userType: 'Location', companyId: 'c', locationId: 'l', scopes: [] }), set() {}, delete() {}, lock: boom }; break;
      case 'lock-never-calls': st = { get: () => ({ accessToken: 'at-HOSTILE-expired-2', refreshToken: 'rt-HOSTILE-2', expiresAt: 0, userType: 'Location', companyId: 'c', locationId: 'l', scopes: [] }), set() {}, delete() {}, lock: async () => hostile }; break;
      default: st = { get: hostile, set: hostile, delete: hostile };
    }
    secrets.add('rt-HOSTILE-1');
    secrets.add('rt-HOSTILE-2');
    const made = await probe(() => app({ tokenStore: st }), { async: false, secrets: SECRETS(), where: 'app with a hostile store' });
    if (!made.ok) return;
    const c = made.value;
    const call = {
      call: () => c.forLocation('l').contacts.getContact({ contactId: 'c1' }),
      session: () => c.auth.session('location:l'),
      refresh: () => c.auth.refresh('location:l'),
      uninstall: () => c.auth.handleUninstall({ type: 'UNINSTALL', locationId: 'l' }),
      exchange: () => c.auth.exchangeCode({ code: 'nope' }),
    }[what];
    await probe(call, { secrets: SECRETS(), where: `hostile store ${sr.shape} ${what}` });
    assertPrototypesUntouched('store');
    assertNoStray('store');
  }), params(150));
  await healthy('stores');
});

function safe(f) {
  try { return f(); } catch (e) { return `threw ${e}`; }
}
