// The webhooks subpath inside workerd (Miniflare): pkg/webhooks-workerd.js as
// an ES module with its wasm as a compiled module and the runtime's WebCrypto,
// running the same vectors as Node (webhooks-support.js).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT } from './support.js';
import { SECRET, makeKeys, webhookCases, userContextCases, runCases, checkResults } from './webhooks-support.js';

const WORKER = `
import * as webhooks from './pkg/webhooks-workerd.js';
import { HighLevelError } from './pkg/workerd.js';
const runCases = ${runCases.toString()};
export default {
  async fetch(request, env) {
    const results = await runCases(webhooks, env.WEBHOOK, env.USER);
    const other = await webhooks.requestUserContext({ timeoutMs: 5 }).catch((e) => e.kind);
    return Response.json({ results, sameClass: webhooks.HighLevelError === HighLevelError, other });
  },
};
`;

function pkgModules() {
  const dir = join(ROOT, 'pkg');
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(dir, f) }));
}

let mf;
after(async () => { await mf?.dispose(); });

test('workerd: verifyWebhook and decryptUserContext with the same vectors', { timeout: 60_000 }, async () => {
  const keys = makeKeys();
  const webhook = webhookCases(keys);
  const user = userContextCases();
  mf = new Miniflare({
    modulesRoot: ROOT,
    modules: [{ type: 'ESModule', path: join(ROOT, 'worker.js'), contents: WORKER }, ...pkgModules()],
    compatibilityDate: '2025-01-01',
    bindings: { WEBHOOK: webhook, USER: user },
  });
  const res = await mf.dispatchFetch('http://worker.test/');
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const out = JSON.parse(text);
  checkResults(assert, webhook, user, out.results, [SECRET]);
  assert.equal(out.sameClass, true);
  // No window in a worker: refused, not hung.
  assert.equal(out.other, 'validation');
});
