// 7. CPU per call where only `fetch` exists: workerd (Miniflare) and headless
// Chromium, the package against raw fetch (same URL and headers, JSON.stringify
// + res.json()) in the same runtime against the same sandbox, for
// addFollowersContact and getContact. Sequential calls in blocks, the two
// variants interleaved (the order alternates every repeat), medians, ratios
// within a repeat.
//
// CPU is the on-CPU time of every thread of the runtime's processes, from
// /proc/<pid>/task/*/schedstat (nanoseconds): inside workerd timers do not
// advance while JS runs, and a page has no CPU clock. It includes the
// runtime's own HTTP work, the same for both variants.
//
//   node runtimes.mjs [--calls 400] [--repeats 5] [--workerd-calls N] [--workerd-repeats N]
// (workerd's calls are ~10x cheaper than Chromium's, so its blocks can be
// longer and more for the same time: short blocks made its ratio swing.
// Chromium's per-block ratios spread ±10 %, drifting with the machine: many
// short pairs (make bench: 60 of 100 calls) gave the same ratio within
// ~1 % run to run, 15 pairs of 400 within ~5 %.)
import { Miniflare } from 'miniflare';
import { bundle, COMPAT_DATE, workerModules } from './bundle.mjs';
import { servePage, launchChromium } from './page.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { median, argValue, emitResult, loopbackOnly, descendants, cpuNs } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 400));
const REPEATS = Number(argValue('repeats', 5));
const WORKERD_CALLS = Number(argValue('workerd-calls', CALLS));
const WORKERD_REPEATS = Number(argValue('workerd-repeats', REPEATS));
const VARIANTS = ['fetch', 'pkg'];
const OPS = { addFollowersContact: 'add', getContact: 'get' };

/** Interleaved blocks of `run(variant, op, n)`; CPU per call from `pids()`. */
async function measure(run, pids, CALLS, REPEATS) {
  const rows = [];
  for (const [op, short] of Object.entries(OPS)) {
    for (const v of VARIANTS) await run(v, short, Math.max(20, CALLS >> 2)); // warm-up
    const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < REPEATS; r++) {
      for (const v of r % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        const ps = pids();
        const c0 = cpuNs(ps);
        const t0 = performance.now();
        await run(v, short, CALLS);
        runs[v].push({ cpuUs: (cpuNs(ps) - c0) / 1000 / CALLS, wallUs: ((performance.now() - t0) * 1000) / CALLS });
      }
    }
    const med = (v, k) => median(runs[v].map((x) => x[k]));
    rows.push({
      op,
      fetch: { cpuUsPerCall: med('fetch', 'cpuUs'), wallUsPerCall: med('fetch', 'wallUs') },
      pkg: { cpuUsPerCall: med('pkg', 'cpuUs'), wallUsPerCall: med('pkg', 'wallUs') },
      ratio: median(runs.pkg.map((x, i) => x.cpuUs / runs.fetch[i].cpuUs)),
      runs,
    });
  }
  return rows;
}

const sandbox = await getSandbox();
const who = target(sandbox);

async function workerd() {
  const b = await bundle('worker-percall', 'workers', {});
  if (!b.ok) return { error: `does not build: ${b.errors.slice(0, 3).join('; ')}` };
  const mf = new Miniflare({
    modulesRoot: b.outdir,
    modules: workerModules(b.outdir),
    compatibilityDate: COMPAT_DATE,
    bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: who.contactId, USER: who.userId },
  });
  try {
    const run = async (v, op, n) => {
      // Chunks of 200: far below any subrequest limit.
      for (let done = 0; done < n; done += 200) {
        const res = await mf.dispatchFetch(`http://worker.test/?v=${v}&op=${op}&n=${Math.min(200, n - done)}`);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`workerd ${v} ${op}: HTTP ${res.status} ${text.slice(0, 300)}`);
      }
    };
    await run('pkg', 'add', 1);
    return { calls: WORKERD_CALLS, repeats: WORKERD_REPEATS, rows: await measure(run, () => descendants(process.pid, /^workerd$/), WORKERD_CALLS, WORKERD_REPEATS) };
  } finally {
    await mf.dispose().catch(() => {});
  }
}

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
import { HighLevel } from './pkg/browser.js';
window.run = async ({ baseUrl, token, contactId, userId }, v, op, n) => {
  window.ghl ??= new HighLevel({ privateIntegrationToken: token, baseUrl });
  const ghl = window.ghl;
  const body = { followers: [userId] };
  const headers = { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer ' + token };
  const post = { ...headers, 'Content-Type': 'application/json' };
  const addUrl = baseUrl + '/contacts/' + encodeURIComponent(contactId) + '/followers';
  const getUrl = baseUrl + '/contacts/' + encodeURIComponent(contactId);
  for (let i = 0; i < n; i++) {
    let out;
    if (v === 'pkg') out = op === 'add' ? await ghl.contacts.addFollowersContact({ contactId }, body) : await ghl.contacts.getContact({ contactId });
    else out = await (op === 'add' ? fetch(addUrl, { method: 'POST', headers: post, body: JSON.stringify(body) }) : fetch(getUrl, { headers })).then((r) => r.json());
    if (!(op === 'add' ? out?.followers : out?.contact)) throw new Error(JSON.stringify(out));
  }
};
window.ready = true;
</script>`;

async function chromium() {
  let pw;
  try {
    pw = await import('playwright-core');
  } catch (e) {
    return { error: `playwright-core not available: ${e.message}` };
  }
  const server = await servePage(PAGE);
  const browser = await launchChromium(pw);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.ready === true, undefined, { timeout: 30_000 });
    const cfg = { baseUrl: sandbox.baseUrl, token: sandbox.token, ...who };
    const run = (v, op, n) => page.evaluate(([c, a, b, k]) => window.run(c, a, b, k), [cfg, v, op, n]);
    await run('pkg', 'add', 1);
    return { version: browser.version(), calls: CALLS, repeats: REPEATS, rows: await measure(run, () => descendants(process.pid, /chrom/i), CALLS, REPEATS) };
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

const t0 = performance.now();
const result = { calls: CALLS, repeats: REPEATS };
result.workerd = await workerd();
process.stderr.write(`  runtimes: workerd done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
result.chromium = await chromium();
process.stderr.write(`  runtimes: Chromium done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
await sandbox.stop();
emitResult(result);
