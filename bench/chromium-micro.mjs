// What the pieces of a call cost in headless Chromium (the page's fetch to the
// sandbox, cross-origin as in runtimes.mjs): raw fetch plus one piece of the
// package's pipeline at a time, and the package with its deadline or pacing
// off. CPU of every Chromium process's threads per call (/proc schedstat).
// Short blocks, the variants interleaved in an order that rotates, many
// rounds; the figure to read is the median of each variant's difference to
// the first one within a round (see workerd-micro.mjs).
//
//   node chromium-micro.mjs [--calls 40] [--repeats 30] [--only base,acsig,pkg] [--op get|add]
//     [--profile V [--src]]  a V8 profile of the page running variant V (--src: readable sources, named frames)
//     [--cdp]                what each variant puts on the wire (connections, reuse)
//     [--threads]            each variant's CPU by process type and thread name
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { servePage, launchChromium } from './page.mjs';
import { ROOT, PKG } from './bundle.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { median, argValue, loopbackOnly, descendants, cpuNs } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 40));
const REPEATS = Number(argValue('repeats', 30));
const ONLY = argValue('only', false);
const OP = argValue('op', 'get');
const SRC = process.argv.includes('--src');
const VARIANTS = ONLY ? String(ONLY).split(',') : ['base', 'acsig', 'timer', 'full', 'pkg', 'pkg0', 'pkgnp0'];

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { HighLevel } from './pkg/browser.js';
import { shapes } from './pkg/highlevel_wasm.js';
import { send, init as initOf } from './pipeline.js';
let clients;
const RATE = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];
window.run = async ({ baseUrl, token, contactId, userId }, v, op, n) => {
  const config = { privateIntegrationToken: token, baseUrl };
  let fake;
  const fakeFetch = () => Promise.resolve(new Response(fake.body, { status: 200, headers: fake.headers }));
  if (!window.fake) { const r = await fetch(baseUrl + '/contacts/' + encodeURIComponent(contactId), { headers: { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer ' + token } }); window.fake = { body: await r.text(), headers: [...r.headers] }; }
  fake = window.fake;
  // The package through fetches of the page's own: the global fetch as it is
  // (wrapped); given a fresh copy of the URL, init and headers (copied); the
  // URL re-made as a fresh one-byte string (reurl). A fetch that answers at
  // once with the sandbox's getContact answer (fake).
  const wrapped = (u, i) => fetch(u, i);
  const copied = (u, i) => fetch(String(u), { method: i.method, headers: { ...i.headers }, ...(i.body === undefined ? {} : { body: i.body }), signal: i.signal });
  const reurl = (u, i) => fetch(JSON.parse(JSON.stringify(u)), i);
  clients ??= {
    pkg: new HighLevel(config), noTimeout: new HighLevel({ ...config, timeoutMs: 0 }), neither: new HighLevel({ ...config, timeoutMs: 0, rateLimit: false }),
    wrapped: new HighLevel({ ...config, fetch: wrapped }), copied: new HighLevel({ ...config, fetch: copied }), reurl: new HighLevel({ ...config, fetch: reurl }),
    fake: new HighLevel({ ...config, fetch: fakeFetch }),
  };
  const add = op === 'add';
  const body = { followers: [userId] };
  const headers = { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer ' + token };
  const url = baseUrl + '/contacts/' + encodeURIComponent(contactId) + (add ? '/followers' : '');
  const init = () => (add ? { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : { headers });
  const pkg = (c) => (add ? c.contacts.addFollowersContact({ contactId }, body) : c.contacts.getContact({ contactId }));
  // pipeline.js's send as the core calls it, a settle in JS answering a
  // 2xx's value (the core's stage 5), no wasm.
  const pipe = (u) => send(fetch, u, initOf({}, add ? 'POST' : 'GET', '2021-07-28', 'Bearer ' + token, add ? 'application/json' : undefined, add ? JSON.stringify(body) : undefined), 0, (id, r, v) => v, 0, undefined, undefined, undefined, 30000);
  const V = {
    // Raw fetch, and with one piece of the pipeline each.
    base: () => fetch(url, init()).then((r) => r.json()),
    acsig: () => fetch(url, { ...init(), signal: new AbortController().signal }).then((r) => r.json()),
    timer: () => { const t = setTimeout(() => {}, 30000); return fetch(url, init()).then((r) => r.json()).finally(() => clearTimeout(t)); },
    full: () => { const a = new AbortController(); const t = setTimeout(() => a.abort(), 30000); return fetch(url, { ...init(), signal: a.signal }).then((r) => r.json()).finally(() => clearTimeout(t)); },
    text: () => fetch(url, init()).then((r) => r.text()).then(JSON.parse),
    hget5: () => fetch(url, init()).then((r) => { for (const n of RATE) r.headers.get(n); return r.json(); }),
    // All of them in plain JS: what pipeline.js does around fetch.
    like: () => {
      const a = new AbortController();
      const t = setTimeout(() => a.abort(), 30000);
      return fetch(url, { ...init(), method: add ? 'POST' : 'GET', signal: a.signal }).then((r) => r.text().then((x) => { clearTimeout(t); for (const n of RATE) r.headers.get(n); return JSON.parse(x); }));
    },
    // like after one wasm entry: validate refusing params that are not an object; shapes().
    likeV: () => { HighLevel.validate('contacts.getContact', 5); return V.like(); },
    likeS: () => { shapes(); return V.like(); },
    pipe: () => pipe(url),
    // The URL as TextDecoder makes it (as the core's strings are).
    pipeD: () => pipe(new TextDecoder().decode(new TextEncoder().encode(url))),
    // The package: as configured by default, without its deadline, without pacing either.
    pkg: () => pkg(clients.pkg),
    pkg0: () => pkg(clients.noTimeout),
    pkgnp0: () => pkg(clients.neither),
    pkgw: () => pkg(clients.wrapped),
    pkgc: () => pkg(clients.copied),
    pkgu: () => pkg(clients.reurl),
    // Without the network: the package's own cost, hot.
    fakebase: () => fakeFetch().then((r) => r.json()),
    fakepkg: () => clients.fake.contacts.getContact({ contactId }),
    // A raw network round trip, then a call through the fetch that answers
    // at once: the package's own cost when its code runs after the network,
    // as in a real call (against mixbase).
    mixbase: () => V.base().then(() => fakeFetch().then((r) => r.json())),
    // ... a check alone (the wasm's validation of the params and nothing sent).
    mixval: () => V.base().then(() => (HighLevel.validate('contacts.getContact', { contactId }), { contact: 1 })),
    mixpkg: () => V.base().then(() => clients.fake.contacts.getContact({ contactId })),
  };
  for (let i = 0; i < n; i++) {
    const out = await V[v]();
    if (!(add ? out?.followers : out?.contact)) throw new Error(JSON.stringify(out));
  }
};
window.ready = true;
</script>`;

const sandbox = await getSandbox();
const who = target(sandbox);
const server = await servePage(PAGE, {
  // The pipeline's JS side on its own (variant pipe).
  files: { '/pipeline.js': join(ROOT, 'src', 'js', 'pipeline.js') },
  // --src: the readable sources make pkg (target/pkg-src), for named frames; the .wasm stays pkg's.
  map: (file) => (SRC && !file.endsWith('.wasm') ? join(ROOT, 'target', 'pkg-src', file.slice(PKG.length + 1)) : file),
});
const pw = await import('playwright-core');
const browser = await launchChromium(pw, process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS}`] : []);
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.ready === true, undefined, { timeout: 30_000 });
  const cfg = { baseUrl: sandbox.baseUrl, token: sandbox.token, ...who };
  const run = (v, n) => page.evaluate(([c, a, b, k]) => window.run(c, a, b, k), [cfg, v, OP, n]);
  for (const v of VARIANTS) await run(v, 50); // warm-up
  if (argValue('profile', false)) {
    // A V8 CPU profile of the page while variant V runs: self time per call by function.
    const v = argValue('profile', false);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const n = 2000;
    await run(v, n);
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    const self = new Map();
    const dts = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dts[i + 1] ?? 0));
    });
    const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [k, us] of rows) console.log(`${(us / n).toFixed(1).padStart(7)} µs/call  ${k.slice(0, 120)}`);
  }
  if (process.argv.includes('--threads')) {
    // Where each variant's CPU goes: per process type and thread name (rounds of CALLS calls, medians).
    const kind = (p) => { try { const c = readFileSync(`/proc/${p}/cmdline`, 'utf8'); return (/--type=([a-z-]+)/.exec(c) ?? [, 'browser'])[1] + (/--utility-sub-type=([a-zA-Z.]+)/.exec(c)?.[1]?.replace(/.*\./, '.') ?? ''); } catch { return '?'; } };
    const all = descendants(process.pid, /chrom/i);
    const snap = () => {
      const m = new Map();
      for (const p of all) {
        let tasks = [];
        try { tasks = readdirSync(`/proc/${p}/task`); } catch { continue; }
        for (const t of tasks) {
          try {
            const name = `${kind(p)}/${readFileSync(`/proc/${p}/task/${t}/comm`, 'utf8').trim()}`;
            m.set(name, (m.get(name) ?? 0) + Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, 'utf8').split(' ')[0]));
          } catch { /* gone */ }
        }
      }
      return m;
    };
    const per = Object.fromEntries(VARIANTS.map((v) => [v, new Map()]));
    for (let r = 0; r < REPEATS; r++) {
      for (const v of VARIANTS) {
        const a = snap();
        await run(v, CALLS);
        const b = snap();
        for (const [k, x] of b) { const l = per[v].get(k) ?? []; l.push((x - (a.get(k) ?? 0)) / 1000 / CALLS); per[v].set(k, l); }
      }
    }
    const names = [...new Set(VARIANTS.flatMap((v) => [...per[v].keys()]))];
    const rows = names.map((k) => [k, ...VARIANTS.map((v) => median(per[v].get(k) ?? [0]))]).filter((r) => r.slice(1).some((x) => x > 2)).sort((a, b) => b[1] - a[1]);
    console.log(`${'thread'.padEnd(44)} ${VARIANTS.map((v) => v.padStart(9)).join(' ')}  (µs/call)`);
    for (const r of rows) console.log(`${r[0].slice(0, 44).padEnd(44)} ${r.slice(1).map((x) => x.toFixed(1).padStart(9)).join(' ')}`);
    process.exit(0);
  }
  if (process.argv.includes('--cdp')) {
    // What each variant puts on the wire: requests (preflights included) per call.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let seen = [];
    cdp.on('Network.responseReceived', (e) => seen.push(`response ${e.response.status} connection ${e.response.connectionId} reused ${e.response.connectionReused} protocol ${e.response.protocol}`));
    for (const v of VARIANTS) { seen = []; await run(v, 3); console.log(v, seen.filter((x) => x.startsWith('response'))); }
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
