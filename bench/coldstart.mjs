// 2. Cold start: import plus the first call, each run in a fresh runtime.
//
// Node: a new process per run (cold/*.mjs, cold/*.cjs), interleaved in rounds
// with the empty baseline `node -e ""`; wall time from spawn to exit and the
// process's peak RSS (cold/probe.cjs, preloaded into every run, the baseline
// too). Reported as the median over rounds of (variant − baseline in the same
// round); raw fetch (no client, the first fetch) is there for reference.
//
// workerd: a new Miniflare (one workerd process) per run, from `new
// Miniflare()` to the first response of a bundled worker (bundle.mjs) that
// makes one call, against an empty worker; peak RSS is workerd's VmHWM.
//
//   node coldstart.mjs [--rounds 15] [--workerd-rounds 7]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { bundle, BENCH, COMPAT_DATE, workerModules } from './bundle.mjs';
import { getSandbox, target, sandboxEnv } from './sandbox.mjs';
import { median, argValue, emitResult, loopbackOnly, descendants } from './stats.mjs';

loopbackOnly();
const ROUNDS = Number(argValue('rounds', 15));
const WORKERD_ROUNDS = Number(argValue('workerd-rounds', 7));
const RUN_TIMEOUT_MS = 20_000;

const sandbox = await getSandbox();
const env = { ...process.env, ...sandboxEnv(sandbox) };
const probe = join(BENCH, 'cold', 'probe.cjs');

// ---- Node ----------------------------------------------------------------

const NODE_VARIANTS = {
  baseline: ['-e', ''],
  fetch: [join(BENCH, 'cold', 'node-fetch.mjs')],
  pkg: [join(BENCH, 'cold', 'node-pkg.mjs')],
  sdk: [join(BENCH, 'cold', 'node-sdk.cjs')],
  gnostic: [join(BENCH, 'cold', 'node-gnostic.mjs')],
};

function runNode(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', probe, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`cold start run did not finish in ${RUN_TIMEOUT_MS} ms: ${args.join(' ')}`)); }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      clearTimeout(timer);
      const line = (p) => out.split('\n').find((l) => l.startsWith(p));
      if (code !== 0 || !line('PROBE ')) return reject(new Error(`cold start run failed (exit ${code}): ${args.join(' ')}\n${err}${out}`));
      const { maxRssKiB, exitAtMs } = JSON.parse(line('PROBE ').slice(6));
      const cold = line('COLD ') ? JSON.parse(line('COLD ').slice(5)) : {};
      resolve({ wallMs, maxRssBytes: maxRssKiB * 1024, exitAtMs, ...cold });
    });
  });
}

async function nodeColdStart() {
  const names = Object.keys(NODE_VARIANTS);
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  // One unmeasured round: page cache, the sandbox's first connections.
  for (const n of names) await runNode(NODE_VARIANTS[n]);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      runs[n].push(await runNode(NODE_VARIANTS[n]));
    }
  }
  const out = {};
  for (const n of names) {
    const over = (k) => median(runs[n].map((x, i) => x[k] - runs.baseline[i][k]));
    out[n] = {
      wallMs: median(runs[n].map((x) => x.wallMs)),
      maxRssBytes: median(runs[n].map((x) => x.maxRssBytes)),
      overWallMs: over('wallMs'),
      overRssBytes: over('maxRssBytes'),
      importMs: median(runs[n].map((x) => x.importMs ?? NaN)),
      firstCallMs: median(runs[n].map((x) => x.firstCallMs ?? NaN)),
      exitAtMs: median(runs[n].map((x) => x.exitAtMs)),
    };
  }
  const gnosticVersion = JSON.parse(readFileSync(join(BENCH, 'node_modules', '@gnosticdev', 'highlevel-sdk', 'package.json'), 'utf8')).version;
  return { rounds: ROUNDS, node: process.version, gnosticVersion, variants: out };
}

// ---- workerd (Miniflare) --------------------------------------------------

/** Peak RSS (VmHWM) of the workerd processes below this one. */
function workerdPeakRss() {
  let total = 0;
  for (const p of descendants(process.pid, /^workerd$/)) {
    try {
      const m = readFileSync(`/proc/${p}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      if (m) total += Number(m[1]) * 1024;
    } catch { /* gone */ }
  }
  return total;
}

async function runWorker({ outdir, flags }) {
  const who = target(sandbox);
  const t0 = performance.now();
  const mf = new Miniflare({
    modulesRoot: outdir,
    modules: workerModules(outdir),
    compatibilityDate: COMPAT_DATE,
    compatibilityFlags: flags,
    bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: who.contactId, USER: who.userId },
  });
  try {
    const res = await mf.dispatchFetch('http://worker.test/');
    const body = await res.text();
    const wallMs = performance.now() - t0;
    const maxRssBytes = workerdPeakRss();
    return { ok: res.status === 200, status: res.status, body: body.slice(0, 300), wallMs, maxRssBytes };
  } catch (e) {
    return { ok: false, status: 0, body: String(e?.message ?? e).slice(0, 300), wallMs: performance.now() - t0, maxRssBytes: NaN };
  } finally {
    await mf.dispose().catch(() => {});
  }
}

async function workerdColdStart() {
  const builds = {
    baseline: { entry: 'worker-empty', opts: {}, flags: [] },
    pkg: { entry: 'worker-pkg', opts: { fixSideEffects: false, tag: 'published' }, flags: [] },
    sdk: { entry: 'worker-sdk', opts: { nodejsCompat: true, tag: 'nodejs_compat' }, flags: ['nodejs_compat'] },
  };
  const notes = {};
  const ready = {};
  let pkgAsPublished = null;
  for (const [name, b] of Object.entries(builds)) {
    let r = await bundle(b.entry, 'workers', b.opts);
    let probeRun = r.ok ? await runWorker({ outdir: r.outdir, flags: b.flags }) : null;
    if (name === 'pkg' && !probeRun?.ok) {
      // The package as published does not work bundled: record how it fails,
      // then measure it with its entries marked as having side effects.
      pkgAsPublished = { ok: false, status: probeRun?.status ?? 0, body: probeRun?.body ?? r.errors.join('; '), shipsWasm: r.files.some((f) => f.kind === 'wasm') };
      r = await bundle(b.entry, 'workers', {});
      probeRun = r.ok ? await runWorker({ outdir: r.outdir, flags: b.flags }) : null;
    }
    if (!r.ok) { notes[name] = `does not build: ${r.errors.slice(0, 3).join('; ')}`; continue; }
    if (!probeRun.ok) { notes[name] = `does not run: HTTP ${probeRun.status} ${probeRun.body}`; continue; }
    ready[name] = { outdir: r.outdir, flags: b.flags };
  }
  const sdkDefault = await bundle('worker-sdk', 'workers', {});

  const names = Object.keys(ready);
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  if (ready.baseline) {
    for (let r = 0; r < WORKERD_ROUNDS; r++) {
      for (let i = 0; i < names.length; i++) {
        const n = names[(i + r) % names.length];
        const run = await runWorker(ready[n]);
        if (!run.ok) throw new Error(`workerd ${n}: HTTP ${run.status} ${run.body}`);
        runs[n].push(run);
      }
    }
  }
  const out = {};
  for (const n of names) {
    const over = (k) => median(runs[n].map((x, i) => x[k] - runs.baseline[i][k]));
    out[n] = {
      wallMs: median(runs[n].map((x) => x.wallMs)),
      maxRssBytes: median(runs[n].map((x) => x.maxRssBytes)),
      overWallMs: over('wallMs'),
      overRssBytes: over('maxRssBytes'),
    };
  }
  return {
    rounds: WORKERD_ROUNDS,
    compatibilityDate: COMPAT_DATE,
    variants: out,
    notes,
    sdkWithoutNodejsCompat: { ok: sdkDefault.ok, errors: sdkDefault.errors },
    pkgAsPublished,
  };
}

const t0 = performance.now();
const node = await nodeColdStart();
process.stderr.write(`  cold start: Node done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
const workerd = await workerdColdStart();
process.stderr.write(`  cold start: workerd done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
await sandbox.stop();
emitResult({ node, workerd });
