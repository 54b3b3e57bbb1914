// The webhooks subpath in Chromium (playwright-core): pkg/webhooks-browser.js
// as plain ESM with the page's WebCrypto, the same vectors as Node, and
// requestUserContext in a real iframe custom page, a timeout, and Custom JS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import CryptoJS from 'crypto-js';
import { ROOT } from './support.js';
import { SECRET, makeKeys, webhookCases, userContextCases, runCases, checkResults } from './webhooks-support.js';

const PKG = join(ROOT, 'pkg');
const MIME = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const CONTEXT = { userId: 'u-1', companyId: 'c-1', role: 'admin', type: 'location', userName: 'Ana', email: 'ana@example.com', activeLocation: 'loc-9' };
const PAYLOAD = CryptoJS.AES.encrypt(JSON.stringify(CONTEXT), SECRET).toString();

const MODULE = `import * as webhooks from './pkg/webhooks-browser.js';
import { HighLevelError } from './pkg/browser.js';
window.webhooks = webhooks;
window.sameClass = webhooks.HighLevelError === HighLevelError;
window.runCases = ${runCases.toString()};`;

// The parent page plays HighLevel: answers the iframe's REQUEST_USER_DATA
// with noise first, then the encrypted payload.
const PARENT = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">${MODULE}
window.asked = [];
window.addEventListener('message', (e) => {
  if (e.data?.message !== 'REQUEST_USER_DATA') return;
  window.asked.push(e.data);
  e.source.postMessage('noise', '*');
  e.source.postMessage({ message: 'SOMETHING_ELSE', payload: 'wrong' }, '*');
  e.source.postMessage({ message: 'REQUEST_USER_DATA_RESPONSE', payload: ${JSON.stringify(PAYLOAD)} }, '*');
  e.source.postMessage({ message: 'REQUEST_USER_DATA_RESPONSE', payload: 'second' }, '*');
});
</script><iframe src="/child.html"></iframe>`;
const CHILD = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">${MODULE}</script>`;

function startStatic() {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/' || path === '/child.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(path === '/' ? PARENT : CHILD);
      return;
    }
    const file = normalize(join(ROOT, decodeURIComponent(path)));
    if (!path.startsWith('/pkg/') || !file.startsWith(PKG + '/')) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server;
let browser;

before(async () => {
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
});

test('browser: vectors, iframe user context, timeout and Custom JS', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => typeof window.runCases === 'function', null, { timeout: 30_000 });

  const keys = makeKeys();
  const webhook = webhookCases(keys);
  const user = userContextCases();
  const results = await page.evaluate(([w, u]) => window.runCases(window.webhooks, w, u), [webhook, user]);
  checkResults(assert, webhook, user, results, [SECRET]);
  assert.equal(await page.evaluate(() => window.sameClass), true);

  // The custom page in its iframe asks the parent; the first matching answer wins.
  const frame = page.frames().find((f) => f.url().endsWith('/child.html'));
  assert.ok(frame, 'iframe loaded');
  await frame.waitForFunction(() => typeof window.webhooks === 'object', null, { timeout: 30_000 });
  const got = await frame.evaluate(async (secret) => {
    const payload = await window.webhooks.requestUserContext({ timeoutMs: 5000 });
    return { payload, context: await window.webhooks.decryptUserContext(payload, secret) };
  }, SECRET);
  assert.equal(got.payload, PAYLOAD);
  assert.deepEqual(got.context, CONTEXT);
  assert.deepEqual(await page.evaluate(() => window.asked), [{ message: 'REQUEST_USER_DATA' }]);

  // The child page on its own has no HighLevel parent: nothing answers, so it times out.
  const alone = await browser.newPage();
  alone.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await alone.goto(`http://127.0.0.1:${server.address().port}/child.html`);
  await alone.waitForFunction(() => typeof window.webhooks === 'object', null, { timeout: 30_000 });
  const timedOut = await alone.evaluate(() => {
    const started = Date.now();
    return window.webhooks.requestUserContext({ timeoutMs: 200 }).then(
      () => ({ resolved: true }),
      (e) => ({ kind: e.kind, isHighLevelError: e instanceof window.webhooks.HighLevelError, ms: Date.now() - started }),
    );
  });
  assert.equal(timedOut.kind, 'timeout');
  assert.equal(timedOut.isHighLevelError, true);
  assert.ok(timedOut.ms >= 150 && timedOut.ms < 3000, JSON.stringify(timedOut));

  // Custom JS: window.exposeSessionDetails(appId) is used instead of postMessage.
  const viaCustomJs = await frame.evaluate(async () => {
    window.exposeSessionDetails = async (appId) => `encrypted-for-${appId}`;
    try {
      return await window.webhooks.requestUserContext({ appId: 'app-7', timeoutMs: 1000 });
    } finally {
      delete window.exposeSessionDetails;
    }
  });
  assert.equal(viaCustomJs, 'encrypted-for-app-7');
  assert.deepEqual(problems, []);
});
