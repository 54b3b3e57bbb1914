// The package inside the real workerd runtime (Miniflare), loaded the way a
// Workers bundler hands it over: pkg/workerd.js as an ES module and the .wasm
// as a precompiled WebAssembly.Module, with no filesystem and no Node APIs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT, pkgModules, startSandbox } from './support.js';

// The worker: one real call, a read back, and a call the core must refuse
// before any request. Errors are returned as data so the test sees them all.
const WORKER = `
import { HighLevel, HighLevelError } from './pkg/workerd.js';
const caught = (p) => p.then(
  (value) => ({ value }),
  (e) => ({ error: { isError: e instanceof Error, isHighLevelError: e instanceof HighLevelError, ...e.toJSON() } }),
);
export default {
  async fetch(request, env) {
    const ghl = new HighLevel({ privateIntegrationToken: env.TOKEN, baseUrl: env.BASE_URL });
    const added = await caught(ghl.contacts.addFollowersContact({ contactId: env.CONTACT }, { followers: [env.USER] }));
    const contact = await caught(ghl.contacts.getContact({ contactId: env.CONTACT }));
    const invalid = await caught(ghl.contacts.addFollowersContact({ contactId: env.CONTACT }, { followers: 'not-an-array' }));
    const missing = await caught(ghl.contacts.getContact({ contactId: 'no-such-contact' }));
    return Response.json({ added, contact, invalid, missing, rateLimit: ghl.rateLimit ?? null });
  },
};
`;

let sandbox;
let mf;

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  await mf?.dispose();
  await sandbox?.stop();
});

test('workerd: calls the sandbox through the package and reports errors as HighLevelError', async () => {
  const contact = sandbox.contacts[2].id; // Marcus: no followers in the seed
  const user = sandbox.users[2].id;
  mf = new Miniflare({
    // Miniflare's default outbound network allows private addresses
    // (allow: public, private), so the worker's fetch reaches the sandbox on
    // 127.0.0.1 directly; no outboundService is needed.
    modulesRoot: ROOT,
    modules: [{ type: 'ESModule', path: join(ROOT, 'worker.js'), contents: WORKER }, ...pkgModules()],
    compatibilityDate: '2025-01-01',
    bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: contact, USER: user },
  });

  const res = await mf.dispatchFetch('http://worker.test/');
  const body = await res.text();
  assert.equal(res.status, 200, body);
  const out = JSON.parse(body);

  assert.deepEqual(out.added, { value: { followers: [user], followersAdded: [user] } });
  assert.equal(out.contact.value?.contact?.id, contact, JSON.stringify(out.contact));
  assert.deepEqual(out.contact.value.contact.followers, [user]);

  assert.equal(out.invalid.error?.isError, true, JSON.stringify(out.invalid));
  assert.equal(out.invalid.error.isHighLevelError, true);
  assert.equal(out.invalid.error.kind, 'validation');
  assert.equal(out.invalid.error.statusCode, undefined);
  assert.deepEqual(out.invalid.error.issues, [{ path: 'followers', message: 'must be an array, got string' }]);

  assert.equal(out.missing.error?.isHighLevelError, true, JSON.stringify(out.missing));
  assert.equal(out.missing.error.kind, 'not_found');
  assert.equal(out.missing.error.statusCode, 404);

  // Response headers are readable in workerd: the last response's rate-limit figures.
  assert.equal(out.rateLimit?.max, 100, JSON.stringify(out.rateLimit));
  assert.equal(out.rateLimit.remaining, 97);

  // Three requests reached the sandbox; the invalid call never left the worker.
  const state = await sandbox.state();
  assert.equal(state.requestCount, 3);
  assert.deepEqual(state.contacts.find((c) => c.id === contact).followers, [user]);
});
