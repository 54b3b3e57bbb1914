// 1. Per call: raw fetch vs this package vs the official SDK, in one Node
// process against one sandbox, same operation (addFollowersContact, then
// getContact). For each operation and mode (sequential; N at 64 in flight)
// the variants run in interleaved blocks — A B C, then B C A, then C A B, … —
// and every figure is the median over the repeats; ratios to raw fetch are
// taken within each repeat (adjacent blocks) and then their median.
//
//   node --expose-gc percall.mjs [--seq 5000] [--conc 20000] [--inflight 64] [--repeats 5] [--warmup 1000]
import { performance } from 'node:perf_hooks';
import { makeClients, verifyHeaders, checkResponse, VARIANTS, OPS } from './clients.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { median, percentile, argValue, emitResult, loopbackOnly } from './stats.mjs';

loopbackOnly();
const SEQ = Number(argValue('seq', 5000));
const CONC = Number(argValue('conc', 20000));
const INFLIGHT = Number(argValue('inflight', 64));
const REPEATS = Number(argValue('repeats', 5));
const WARMUP = Number(argValue('warmup', 1000));
const gc = globalThis.gc ?? (() => {});

/** `n` calls of `fn`, `concurrency` at a time: wall time, latency percentiles, CPU per call. */
async function block(fn, n, concurrency) {
  const lat = new Float64Array(n);
  let next = 0;
  let errors = 0;
  let firstError;
  gc(); // each block starts from a collected heap, whoever made the garbage
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const s = performance.now();
      try {
        await fn();
      } catch (e) {
        errors++;
        firstError ??= e;
      }
      lat[i] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lat.sort();
  if (errors) throw new Error(`${errors} of ${n} calls failed; first: ${firstError?.message ?? firstError}`);
  return {
    callsPerSec: (n / wallMs) * 1000,
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    cpuUsPerCall: (cpu.user + cpu.system) / n,
  };
}

const sandbox = await getSandbox();
const who = target(sandbox);
const clients = makeClients(sandbox, who);
await verifyHeaders(sandbox, clients, who);

const fnOf = (variant, op) => (op === 'addFollowersContact' ? clients[variant].add : clients[variant].get);

// Each variant answers correctly before anything is timed.
for (const v of VARIANTS) for (const op of OPS) checkResponse(op, await fnOf(v, op)(), who);

// Warm-up: JIT, connection pools, the wasm's first allocations.
for (const op of OPS) {
  for (const v of VARIANTS) {
    await block(fnOf(v, op), WARMUP, 1);
    await block(fnOf(v, op), WARMUP * 2, INFLIGHT);
  }
}

const modes = [
  { mode: 'sequential', n: SEQ, concurrency: 1 },
  { mode: `${INFLIGHT} in flight`, n: CONC, concurrency: INFLIGHT },
];
const METRICS = ['callsPerSec', 'p50Ms', 'p99Ms', 'cpuUsPerCall'];
const rows = [];
const t0 = performance.now();
for (const op of OPS) {
  for (const { mode, n, concurrency } of modes) {
    const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < REPEATS; r++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
      for (const v of order) runs[v].push(await block(fnOf(v, op), n, concurrency));
    }
    for (const v of VARIANTS) {
      const med = Object.fromEntries(METRICS.map((m) => [m, median(runs[v].map((x) => x[m]))]));
      const ratio = Object.fromEntries(METRICS.map((m) => [m, median(runs[v].map((x, i) => x[m] / runs.fetch[i][m]))]));
      rows.push({ op, mode, n, concurrency, variant: v, ...med, ratio, runs: runs[v] });
    }
    process.stderr.write(`  per call: ${op}, ${mode}: done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

await sandbox.stop();
emitResult({ seq: SEQ, conc: CONC, inflight: INFLIGHT, repeats: REPEATS, warmup: WARMUP, rows });
