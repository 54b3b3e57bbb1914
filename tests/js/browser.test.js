// The package in a real browser (system Chromium via playwright-core): the
// page imports pkg/browser.js as plain ESM (top-level await fetches the wasm)
// and calls the sandbox on another origin, so CORS preflights are exercised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startSandbox } from './support.js';

const PKG = join(ROOT, 'pkg');
const MIME = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

// Exposes run(cfg) once the import (and so the wasm init) has finished.
const PAGE = `<!doctype html><meta charset="utf-8"><title>highlevel-wasm browser test</title><link rel="icon" href="data:,">
<script type="module">
import { HighLevel, HighLevelError } from './pkg/browser.js';
const caught = (p) => p.then(
  (value) => ({ value }),
  (e) => ({ error: { isError: e instanceof Error, isHighLevelError: e instanceof HighLevelError, ...e.toJSON() } }),
);
window.run = async ({ baseUrl, token, contactId, userId }) => {
  const ghl = new HighLevel({ privateIntegrationToken: token, baseUrl });
  const added = await caught(ghl.contacts.addFollowersContact({ contactId }, { followers: [userId] }));
  const contact = await caught(ghl.contacts.getContact({ contactId }));
  const invalid = await caught(ghl.contacts.addFollowersContact({ contactId }, { followers: 'not-an-array' }));
  return { added, contact, invalid, rateLimit: ghl.rateLimit ?? null };
};
</script>`;

/** Static server for the page and pkg/ on 127.0.0.1 (an origin other than the sandbox's). */
function startStatic() {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const file = normalize(join(ROOT, decodeURIComponent(path)));
    if (!path.startsWith('/pkg/') || !file.startsWith(PKG + '/')) { res.writeHead(404).end(); return; }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let sandbox;
let server;
let browser;

before(async () => {
  sandbox = await startSandbox();
  server = await startStatic();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
  if (server) { server.closeAllConnections(); await new Promise((done) => server.close(done)); }
  await sandbox?.stop();
});

test('browser: imports pkg/browser.js and calls the sandbox cross-origin', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // wasm-bindgen warns on the console when it has to fall back from streaming compilation.
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  // Requests the page itself sent to the sandbox's origin (Chromium does not report preflights here).
  const sent = [];
  page.on('request', (r) => { if (r.url().startsWith(sandbox.baseUrl)) sent.push(r.method()); });

  const origin = `http://127.0.0.1:${server.address().port}`;
  assert.notEqual(origin, sandbox.baseUrl);
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => typeof window.run === 'function', null, { timeout: 30_000 });

  const contactId = sandbox.contacts[1].id; // Priya: no followers in the seed
  const userId = sandbox.users[2].id;
  const out = await page.evaluate((cfg) => window.run(cfg),
    { baseUrl: sandbox.baseUrl, token: sandbox.token, contactId, userId });

  assert.deepEqual(out.added, { value: { followers: [userId], followersAdded: [userId] } }, JSON.stringify(out.added));
  assert.equal(out.contact.value?.contact?.id, contactId, JSON.stringify(out.contact));
  assert.deepEqual(out.contact.value.contact.followers, [userId]);
  // Rate-limit headers are only visible cross-origin if the sandbox exposes them.
  assert.equal(out.rateLimit?.max, 100, JSON.stringify(out.rateLimit));

  assert.equal(out.invalid.error?.isError, true, JSON.stringify(out.invalid));
  assert.equal(out.invalid.error.isHighLevelError, true);
  assert.equal(out.invalid.error.kind, 'validation');
  assert.deepEqual(out.invalid.error.issues, [{ path: 'followers', message: 'must be an array, got string' }]);

  // Two real requests, sent by the page itself (the sandbox does not count preflights);
  // none for the invalid call.
  assert.deepEqual(sent, ['POST', 'GET']);
  const state = await sandbox.state();
  assert.equal(state.requestCount, 2);
  assert.deepEqual(state.contacts.find((c) => c.id === contactId).followers, [userId]);
  assert.deepEqual(problems, []);
});
