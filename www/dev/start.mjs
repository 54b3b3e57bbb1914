// Runs the example app on this machine, offline: the sandbox as HighLevel
// (API, consent screen, webhooks, user context), the Worker in Miniflare
// (workerd, Durable Objects real) and a parent page that plays HighLevel's
// side of a custom page. Used by `make demo-web` and by the tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { buildAssets } from '../worker/build-assets.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SANDBOX_BIN = join(ROOT, 'target/release/highlevel-sandbox');
const WORKER_SRC = ['www/worker/src/index.js', 'www/worker/src/api.js', 'www/worker/src/replay.js'];
// What wrangler resolves from node_modules, as modules named like the imports
// (workerd resolves a bare name next to the importing module).
const SHIMS = {
  'www/worker/src/highlevel-wasm': "export * from '../../../pkg/workerd.js';",
  'www/worker/src/highlevel-wasm/webhooks': "export * from '../../../../pkg/webhooks-workerd.js';",
  'www/worker/src/highlevel-wasm/workers': "export * from '../../../../pkg/workers.js';",
};

/** The sandbox with `args`; stderr lines (its `--log`) are kept in `lines`. */
function sandbox(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX_BIN, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    process.once('exit', () => child.kill());
    createInterface({ input: child.stderr }).on('line', (l) => lines.push(l));
    const timer = setTimeout(() => { child.kill(); reject(new Error('sandbox did not start within 20 s')); }, 20_000);
    child.on('error', reject);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('SANDBOX_JSON ')) return;
      clearTimeout(timer);
      resolve({ ...JSON.parse(line.slice('SANDBOX_JSON '.length)), lines, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    });
  });
}

// The package's modules the Worker imports, followed through their relative
// imports (workerd has no filesystem to find them in; files the Worker does
// not use, such as another entry's wasm, are left out).
function pkgModules(entries = ['workerd.js', 'webhooks-workerd.js', 'workers.js']) {
  const dir = join(ROOT, 'pkg');
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(relative(dir, resolve(dirname(join(dir, file)), spec)));
    }
  };
  entries.forEach(visit);
  return [...seen].map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(dir, f) }));
}

/** The parent page's server: the page, and the user context it gets from "HighLevel" (the sandbox), server-side. */
function parentServer(info, appUrl, secret, port) {
  const html = readFileSync(join(ROOT, 'www/dev/parent.html'), 'utf8').replaceAll('__APP_URL__', appUrl.replace(/\/$/, ''));
  const user = { userId: info.users[0].id, companyId: info.companyId, role: 'admin', type: 'location', userName: info.users[0].name, email: info.users[0].email, activeLocation: info.locationId };
  const server = http.createServer(async (req, res) => {
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    if (req.url === '/user-context' && req.method === 'POST') {
      const r = await fetch(`${info.baseUrl}/__sandbox/user-context`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sharedSecret: secret, user }) });
      return res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text());
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Starts everything; resolves to `{ sandbox, appUrl, parentUrl, secret, app2,
 * userContext(), stop() }`. `app2` is a second Worker (another isolate) bound
 * to the same Durable Objects. Options: `sandboxArgs` (e.g. `--burst 20
 * --interval-ms 1000 --log`), `port`/`parentPort` (0: any free one),
 * `assetsDir` (default: a temporary one), `subscribe` (the sandbox sends its
 * webhooks to the Worker).
 */
export async function startApp({ sandboxArgs = [], port = 0, parentPort = 0, assetsDir, subscribe = true } = {}) {
  // A directory of its own per run unless one is given, so runs side by side never share one.
  const ownAssets = !assetsDir;
  if (ownAssets) {
    assetsDir = mkdtempSync(join(tmpdir(), 'highlevel-www-'));
    process.once('exit', () => rmSync(assetsDir, { recursive: true, force: true }));
  }
  const info = await sandbox(sandboxArgs);
  const secret = randomBytes(24).toString('base64url'); // the app's shared secret, for this run only
  let mf;
  let parent;
  try {
    buildAssets(assetsDir);
    const modules = [
      ...WORKER_SRC.map((p) => ({ type: 'ESModule', path: join(ROOT, p) })),
      ...Object.entries(SHIMS).map(([name, contents]) => ({ type: 'ESModule', path: join(ROOT, name), contents })),
      ...pkgModules(),
    ];
    const bindings = {
      GHL_CLIENT_ID: info.clientId,
      GHL_CLIENT_SECRET: info.clientSecret,
      GHL_SHARED_SECRET: secret,
      GHL_WEBHOOK_PUBLIC_KEY: info.webhooks.ed25519PublicKey,
      GHL_API_BASE: info.baseUrl,
      GHL_MARKETPLACE_URL: info.baseUrl,
    };
    const shared = { modulesRoot: ROOT, modules, compatibilityDate: '2025-01-01', bindings };
    mf = new Miniflare({
      host: '127.0.0.1',
      port,
      workers: [
        {
          ...shared,
          name: 'app',
          durableObjects: { RATE_LIMITER: 'RateLimiterObject', TOKENS: 'TokenStoreObject', WEBHOOK_IDS: 'WebhookIdsObject' },
          assets: { directory: assetsDir, binding: 'ASSETS', routerConfig: { has_user_worker: true } },
        },
        {
          ...shared,
          name: 'app2',
          durableObjects: Object.fromEntries(['RATE_LIMITER:RateLimiterObject', 'TOKENS:TokenStoreObject', 'WEBHOOK_IDS:WebhookIdsObject'].map((s) => s.split(':')).map(([b, className]) => [b, { className, scriptName: 'app' }])),
        },
      ],
    });
    const appUrl = String(await mf.ready).replace(/\/$/, '');
    const app2 = await mf.getWorker('app2');
    parent = await parentServer(info, appUrl, secret, parentPort);
    const parentUrl = `http://127.0.0.1:${parent.address().port}/`;
    if (subscribe) {
      const r = await fetch(`${info.baseUrl}/__sandbox/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${appUrl}/webhooks` }) });
      if (!r.ok) throw new Error(`webhook subscription refused: ${r.status} ${await r.text()}`);
    }
    const userContext = async (user = {}) => {
      const body = { sharedSecret: secret, user: { userId: info.users[0].id, companyId: info.companyId, role: 'admin', type: 'location', userName: info.users[0].name, email: info.users[0].email, activeLocation: info.locationId, ...user } };
      const r = await fetch(`${info.baseUrl}/__sandbox/user-context`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await r.json()).payload;
    };
    const stop = async () => {
      if (parent) { parent.closeAllConnections(); await new Promise((done) => parent.close(done)); }
      await mf.dispose();
      await info.stop();
      if (ownAssets) rmSync(assetsDir, { recursive: true, force: true });
    };
    return { sandbox: info, appUrl, parentUrl, secret, app2, userContext, stop };
  } catch (e) {
    parent?.close();
    await mf?.dispose().catch(() => {});
    await info.stop();
    throw e;
  }
}
