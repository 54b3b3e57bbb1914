// The marketplace-app lifecycle inside workerd (Miniflare): install through
// the consent screen, calls, server-side expiry with concurrent calls (one
// refresh), agency → location, UNINSTALL; errors as data, no secret in them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT, pkgModules, startSandbox } from './support.js';

const WORKER = `
import { HighLevel, HighLevelError, MemoryTokenStore } from './pkg/workerd.js';
const caught = (p) => p.then((value) => ({ value }), (e) => ({ error: { isHighLevelError: e instanceof HighLevelError, ...e.toJSON(), text: String(e) + e.stack } }));
export default {
  async fetch(request, env) {
    const ghl = new HighLevel({ clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET, baseUrl: env.BASE_URL, marketplaceUrl: env.BASE_URL, tokenStore: new MemoryTokenStore() });
    const out = {};
    const install = async (userType) => {
      const { url, state } = ghl.auth.authorizationUrl({ redirectUri: 'https://worker.test/cb', scopes: ['contacts.readonly'] });
      const res = await fetch(url + '&user_type=' + userType, { redirect: 'manual' });
      const back = new URL(res.headers.get('location'));
      return ghl.auth.exchangeCode({ code: back.searchParams.get('code'), state: back.searchParams.get('state'), expectedState: state });
    };
    out.location = await caught(install('Location'));
    const bound = ghl.forLocation(env.LOCATION);
    out.first = await caught(bound.contacts.getContact({ contactId: env.CONTACT }));
    await fetch(env.BASE_URL + '/__sandbox/oauth/expire', { method: 'POST' });
    out.concurrent = await Promise.all(Array.from({ length: 20 }, () => caught(bound.contacts.getContact({ contactId: env.CONTACT }))));
    out.noSession = await caught(ghl.contacts.getContact({ contactId: env.CONTACT }));
    out.company = await caught(install('Company'));
    out.minted = await caught(ghl.auth.locationToken({ companyId: env.COMPANY, locationId: env.LOCATION }));
    out.afterMint = await caught(bound.contacts.getContact({ contactId: env.CONTACT }));
    out.uninstall = await caught(ghl.auth.handleUninstall({ type: 'UNINSTALL', locationId: env.LOCATION }));
    out.gone = await caught(bound.contacts.getContact({ contactId: env.CONTACT }));
    out.reinstalled = await caught(ghl.auth.handleInstall({ type: 'INSTALL', companyId: env.COMPANY, locationId: env.LOCATION }));
    return Response.json(out);
  },
};
`;

let sandbox;
let mf;
before(async () => { sandbox = await startSandbox(); });
after(async () => { await mf?.dispose(); await sandbox?.stop(); });

test('workerd: install, calls, expiry with one refresh, agency → location, uninstall', async () => {
  mf = new Miniflare({
    modulesRoot: ROOT,
    modules: [{ type: 'ESModule', path: join(ROOT, 'worker.js'), contents: WORKER }, ...pkgModules()],
    compatibilityDate: '2025-01-01',
    bindings: { BASE_URL: sandbox.baseUrl, CLIENT_ID: sandbox.clientId, CLIENT_SECRET: sandbox.clientSecret, LOCATION: sandbox.locationId, COMPANY: sandbox.companyId, CONTACT: sandbox.contacts[0].id },
  });
  const res = await mf.dispatchFetch('http://worker.test/');
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.ok(!text.includes(sandbox.clientSecret), 'the client secret reached the output');
  assert.ok(!/sbx-(at|rt|code)-/.test(text), 'a token or code reached the output');
  const out = JSON.parse(text);
  assert.equal(out.location.value?.key, `location:${sandbox.locationId}`, JSON.stringify(out.location));
  assert.equal(out.first.value?.contact?.id, sandbox.contacts[0].id, JSON.stringify(out.first));
  assert.ok(out.concurrent.every((r) => r.value?.contact?.id === sandbox.contacts[0].id), JSON.stringify(out.concurrent.find((r) => r.error)));
  assert.deepEqual([out.noSession.error?.isHighLevelError, out.noSession.error?.kind], [true, 'validation']);
  assert.equal(out.company.value?.key, `company:${sandbox.companyId}`);
  assert.equal(out.minted.value?.key, `location:${sandbox.locationId}`);
  assert.ok(out.afterMint.value?.contact);
  assert.equal(out.uninstall.error, undefined);
  assert.equal(out.gone.error?.kind, 'unauthorized');
  assert.equal(out.reinstalled.value?.key, `location:${sandbox.locationId}`);

  const stats = await fetch(`${sandbox.baseUrl}/__sandbox/oauth`).then((r) => r.json());
  assert.deepEqual([stats.codeExchanges, stats.refreshes, stats.locationTokens], [2, 1, 2]);
});
