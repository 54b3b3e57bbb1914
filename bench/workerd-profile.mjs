// Where a call's CPU goes inside workerd: a V8 CPU profile of the worker
// (Miniflare's `inspectorPort`, the DevTools protocol over a websocket)
// around batches of sequential calls, raw fetch and the package, in the
// worker of section 7 (entries/worker-percall.js). Self time per function,
// in µs per call, and the total of each variant.
//
//   node workerd-profile.mjs [--calls 2000] [--op add|get] [--src] [--interval 50] [--top 30] [--save DIR]
//
// --src bundles the readable sources (target/pkg-src, left by make pkg)
// instead of the published, minified pkg/, so frames carry real names.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import * as esbuild from 'esbuild';
import WebSocket from 'ws';
import { Miniflare } from 'miniflare';
import { bundle, BENCH, ROOT, PKG, COMPAT_DATE, workerModules } from './bundle.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { argValue, loopbackOnly } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 2000));
const OP = argValue('op', 'add');
const SRC = process.argv.includes('--src');
const INTERVAL = Number(argValue('interval', 50));
const TOP = Number(argValue('top', 30));
const SAVE = argValue('save', false);

/** The worker from the readable sources: `highlevel-wasm` is target/pkg-src/workerd.js, not minified. */
async function bundleSrc() {
  const outdir = join(BENCH, '.build', 'workers-profile-src');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(BENCH, 'entries', 'worker-percall.js')],
    bundle: true, format: 'esm', target: 'es2022', outfile: join(outdir, 'worker.js'), logLevel: 'silent',
    conditions: ['workerd', 'worker', 'browser'],
    alias: { 'highlevel-wasm': join(ROOT, 'target', 'pkg-src', 'workerd.js') },
    plugins: [{
      name: 'wasm',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './highlevel_wasm_bg.wasm', external: true }));
      },
    }],
  });
  const { copyFileSync } = await import('node:fs');
  copyFileSync(join(PKG, 'highlevel_wasm_bg.wasm'), join(outdir, 'highlevel_wasm_bg.wasm'));
  return outdir;
}

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
});

const sandbox = await getSandbox();
const who = target(sandbox);
let outdir;
if (SRC) outdir = await bundleSrc();
else {
  const b = await bundle('worker-percall', 'workers', {});
  if (!b.ok) throw new Error(b.errors.join('; '));
  outdir = b.outdir;
}
const inspectorPort = await freePort();
const mf = new Miniflare({
  modulesRoot: outdir,
  modules: workerModules(outdir),
  compatibilityDate: COMPAT_DATE,
  inspectorPort,
  bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: who.contactId, USER: who.userId },
});

const run = async (v, n) => {
  for (let done = 0; done < n; done += 200) {
    const res = await mf.dispatchFetch(`http://worker.test/?v=${v}&op=${OP}&n=${Math.min(200, n - done)}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${v}: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
};

try {
  await run('pkg', 1);
  const list = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const t = list.find((x) => x.webSocketDebuggerUrl) ?? list[0];
  const ws = new WebSocket(t.webSocketDebuggerUrl);
  await new Promise((ok, no) => { ws.once('open', ok); ws.once('error', no); });
  let seq = 0;
  const waiting = new Map();
  ws.on('message', (m) => {
    const msg = JSON.parse(m);
    if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
  });
  const send = (method, params = {}) => new Promise((ok, no) => {
    const id = ++seq;
    waiting.set(id, (msg) => (msg.error ? no(new Error(`${method}: ${msg.error.message}`)) : ok(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: INTERVAL });
  for (const v of ['fetch', 'pkg']) await run(v, 400); // warm-up
  const results = {};
  for (const v of ['fetch', 'pkg', 'fetch', 'pkg']) {
    await send('Profiler.start');
    await run(v, CALLS);
    const { profile } = await send('Profiler.stop');
    if (SAVE) { mkdirSync(SAVE, { recursive: true }); writeFileSync(join(SAVE, `${v}-${OP}-${Date.now()}.cpuprofile`), JSON.stringify(profile)); }
    const acc = (results[v] ??= { calls: 0, byFn: new Map() });
    acc.calls += CALLS;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const f = byId.get(profile.samples[i]).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(pkg-src|pkg|\.build|bench)\//, '$1/')}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
      acc.byFn.set(key, (acc.byFn.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  }
  // Which source module a line of the bundle came from (esbuild's `// path` markers).
  const { readFileSync } = await import('node:fs');
  const marks = [];
  readFileSync(join(outdir, workerModules(outdir)[0].path.split('/').pop()), 'utf8').split('\n').forEach((l, i) => {
    const m = /^\/\/ (\S+\.js)$/.exec(l);
    if (m) marks.push([i + 1, m[1].replace(/^.*\//, '')]);
  });
  const moduleOf = (line) => { let name = 'worker'; for (const [l, n] of marks) if (l <= line) name = n; return name; };
  const groupOf = (k) => {
    if (k.startsWith('(')) return k.split(' ')[0];
    if (k.includes('wasm://')) return 'wasm code';
    if (/^(wasm-to-js|js-to-wasm)/.test(k)) return 'wasm<->js';
    const m = /worker\.js:(\d+):/.exec(k);
    if (m) return SRC ? `js ${moduleOf(Number(m[1]))}` : 'js';
    return `native ${k.trim()}`;
  };
  for (const [v, { calls, byFn }] of Object.entries(results)) {
    const groups = new Map();
    for (const [k, us] of byFn) if (!k.startsWith('(idle)')) groups.set(groupOf(k), (groups.get(groupOf(k)) ?? 0) + us / calls);
    console.log(`\n${v} ${OP} by group: ${[...groups].sort((a, b) => b[1] - a[1]).map(([g, us]) => `${g} ${us.toFixed(1)}`).join(', ')}`);
    const rows = [...byFn].filter(([k]) => !k.startsWith('(idle)')).map(([k, us]) => [k, us / calls]).sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((a, [, us]) => a + us, 0);
    console.log(`\n${v} ${OP}: ${total.toFixed(1)} µs/call on the JS thread (idle excluded)`);
    for (const [k, us] of rows.slice(0, TOP)) console.log(`${us.toFixed(2).padStart(8)}  ${k}`);
  }
  ws.close();
} finally {
  await mf.dispose().catch(() => {});
  await sandbox.stop();
}
