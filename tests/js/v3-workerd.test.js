// highlevel-wasm/v3 inside workerd (Miniflare), loaded as a Workers bundler
// hands it over: pkg/v3-workerd.js as an ES module, its .wasm precompiled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT, pkgModules, startSandbox } from './support.js';

const WORKER = `
import { HighLevel, HighLevelError } from './pkg/v3-workerd.js';
const caught = (p) => p.then(
  (value) => ({ value }),
  (e) => ({ error: { isHighLevelError: e instanceof HighLevelError, ...e.toJSON() } }),
);
export default {
  async fetch(request, env) {
    const ghl = new HighLevel({ privateIntegrationToken: env.TOKEN, baseUrl: env.BASE_URL });
    const page = await caught(ghl.oauth.getInstalledLocation({ companyId: 'co', appId: 'app' }));
    const invalid = await caught(ghl.oauth.getInstalledLocation({ companyId: 'co' }));
    return Response.json({ page, invalid });
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

test('workerd: the v3 entry calls the sandbox with Version v3 and refuses an invalid call unsent', async () => {
  mf = new Miniflare({
    modulesRoot: ROOT,
    modules: [{ type: 'ESModule', path: join(ROOT, 'worker.js'), contents: WORKER }, ...pkgModules()],
    compatibilityDate: '2025-01-01',
    bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token },
  });
  const res = await mf.dispatchFetch('http://worker.test/');
  const out = JSON.parse(await res.text());
  // the sandbox routes /oauth/installed-locations (v3 only) and checks Version: v3
  assert.ok(Array.isArray(out.page.value?.items), JSON.stringify(out.page));
  assert.equal(out.invalid.error?.isHighLevelError, true, JSON.stringify(out.invalid));
  assert.equal(out.invalid.error.kind, 'validation');
  assert.deepEqual(out.invalid.error.issues, [{ path: 'appId', message: 'is required' }]);
  assert.equal((await sandbox.state()).requestCount, 1);
});
