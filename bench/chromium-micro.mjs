// What the pieces of a call cost in headless Chromium (the page's fetch to the
// sandbox, cross-origin as in runtimes.mjs): raw fetch plus one piece of the
// package's pipeline at a time, and the package with its deadline or pacing
// off. CPU of every Chromium process's threads per call (/proc schedstat).
// Short blocks, the variants interleaved in an order that rotates, many
// rounds; the figure to read is the median of each variant's difference to
// the first one within a round (see workerd-micro.mjs).
//
//   node chromium-micro.mjs [--calls 40] [--repeats 30] [--only base,acsig,pkg] [--op get|add]
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { ROOT, PKG } from './bundle.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { median, argValue, loopbackOnly, descendants, cpuNs } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 40));
const REPEATS = Number(argValue('repeats', 30));
const ONLY = argValue('only', false);
const OP = argValue('op', 'get');
const VARIANTS = ONLY ? String(ONLY).split(',') : ['base', 'acsig', 'timer', 'full', 'pkg', 'pkg0', 'pkgnp0'];

const MIME = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { HighLevel } from './pkg/browser.js';
let clients;
const RATE = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];
window.run = async ({ baseUrl, token, contactId, userId }, v, op, n) => {
  const config = { privateIntegrationToken: token, baseUrl };
  let fake;
  const fakeFetch = () => Promise.resolve(new Response(fake.body, { status: 200, headers: fake.headers }));
  if (!window.fake) { const r = await fetch(baseUrl + '/contacts/' + encodeURIComponent(contactId), { headers: { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer ' + token } }); window.fake = { body: await r.text(), headers: [...r.headers] }; }
  fake = window.fake;
  clients ??= { fake: new HighLevel({ ...config, fetch: fakeFetch }), pkg: new HighLevel(config), noTimeout: new HighLevel({ ...config, timeoutMs: 0 }), neither: new HighLevel({ ...config, timeoutMs: 0, rateLimit: false }) };
  const add = op === 'add';
  const body = { followers: [userId] };
  const headers = { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer ' + token };
  const url = baseUrl + '/contacts/' + encodeURIComponent(contactId) + (add ? '/followers' : '');
  const init = () => (add ? { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : { headers });
  const pkg = (c) => (add ? c.contacts.addFollowersContact({ contactId }, body) : c.contacts.getContact({ contactId }));
  const V = {
    base: () => fetch(url, init()).then((r) => r.json()),
    acsig: () => fetch(url, { ...init(), signal: new AbortController().signal }).then((r) => r.json()),
    timer: () => { const t = setTimeout(() => {}, 30000); return fetch(url, init()).then((r) => r.json()).finally(() => clearTimeout(t)); },
    full: () => { const a = new AbortController(); const t = setTimeout(() => a.abort(), 30000); return fetch(url, { ...init(), signal: a.signal }).then((r) => r.json()).finally(() => clearTimeout(t)); },
    text: () => fetch(url, init()).then((r) => r.text()).then(JSON.parse),
    hget5: () => fetch(url, init()).then((r) => { for (const n of RATE) r.headers.get(n); return r.json(); }),
    hacc: () => fetch(url, init()).then((r) => { r.headers; return r.json(); }),
    hget1: () => fetch(url, init()).then((r) => { r.headers.get(RATE[0]); return r.json(); }),
    hgetct: () => fetch(url, init()).then((r) => { r.headers.get('content-type'); return r.json(); }),
    like: () => {
      const a = new AbortController();
      const t = setTimeout(() => a.abort(), 30000);
      return fetch(url, { ...init(), method: add ? 'POST' : 'GET', signal: a.signal }).then((r) => r.text().then((x) => { clearTimeout(t); for (const n of RATE) r.headers.get(n); return JSON.parse(x); }));
    },
    pkg: () => pkg(clients.pkg),
    // One wasm call (a refusal of params that are not an object) before the fetch.
    wasm1: () => { HighLevel.validate('contacts.getContact', 5); return fetch(url, init()).then((r) => r.json()); },
    fakebase: () => fakeFetch().then((r) => r.json()),
    fakepkg: () => clients.fake.contacts.getContact({ contactId }),
    pkg0: () => pkg(clients.noTimeout),
    pkgnp0: () => pkg(clients.neither),
  };
  for (let i = 0; i < n; i++) {
    const out = await V[v]();
    if (!(add ? out?.followers : out?.contact)) throw new Error(JSON.stringify(out));
  }
};
window.ready = true;
</script>`;

function startStatic() {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    const file = normalize(join(ROOT, decodeURIComponent(path)));
    if (!path.startsWith('/pkg/') || !file.startsWith(PKG + '/')) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const sandbox = await getSandbox();
const who = target(sandbox);
const server = await startStatic();
const pw = await import('playwright-core');
const browser = await pw.chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  timeout: 60_000,
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.ready === true, undefined, { timeout: 30_000 });
  const cfg = { baseUrl: sandbox.baseUrl, token: sandbox.token, ...who };
  const run = (v, n) => page.evaluate(([c, a, b, k]) => window.run(c, a, b, k), [cfg, v, OP, n]);
  for (const v of VARIANTS) await run(v, 50); // warm-up
  if (process.argv.includes('--cdp')) {
    // What each variant puts on the wire: requests (preflights included) per call.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let seen = [];
    cdp.on('Network.requestWillBeSent', (e) => seen.push(`${e.type} ${e.request.method} ${JSON.stringify(e.request.headers)}`));
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => seen.push(`extra ${JSON.stringify(e.headers)}`));
    for (const v of VARIANTS) { seen = []; await run(v, 3); console.log(v, seen.length, seen.slice(0, 4)); }
  }
  const pids = descendants(process.pid, /chrom/i);
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const walls = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < REPEATS; r++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
    for (const v of order) {
      const c0 = cpuNs(pids);
      const t0 = performance.now();
      await run(v, CALLS);
      runs[v].push((cpuNs(pids) - c0) / 1000 / CALLS);
      walls[v].push(((performance.now() - t0) * 1000) / CALLS);
    }
  }
  const first = VARIANTS[0];
  for (const v of VARIANTS) {
    const diff = median(runs[v].map((x, i) => x - runs[first][i]));
    console.log(`${v.padEnd(8)} ${median(runs[v]).toFixed(1).padStart(7)} µs/call  ${diff >= 0 ? '+' : ''}${diff.toFixed(1).padStart(6)} vs ${first} (median of the paired differences), wall ${median(walls[v]).toFixed(0)} µs/call`);
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await sandbox.stop();
}
