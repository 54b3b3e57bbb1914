// 4. Memory over many calls in one process: the wasm linear memory
// (`memory.buffer.byteLength`) and RSS, JS heap and external memory, sampled
// after a full GC before the first call, every 10% of the calls, after the
// last, and "settled" (after an idle pause and a GC) twice: once after the
// warm-up (the first 20% of the calls) and once at the end. Growth per 10,000
// calls compares the two settled samples, so both have had the same chance to
// give memory back (RSS right after a burst swings by tens of MiB with V8's
// young generation); the least-squares slope of the in-run samples is kept
// for reference. Calls alternate addFollowersContact and getContact,
// `--inflight` at a time.
//
//   node --expose-gc memory.mjs --variant pkg|fetch [--calls 100000] [--inflight 8] [--settle-ms 2000]
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeClients, checkResponse } from './clients.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { slope, argValue, emitResult, loopbackOnly } from './stats.mjs';
// After pkg/node.js (clients.mjs) has instantiated the wasm, the glue's
// initSync returns the same instance's exports instead of making a new one:
// that is where `memory` is, without changing the package.
import { initSync } from '../pkg/highlevel_wasm.js';

loopbackOnly();
const VARIANT = argValue('variant', 'pkg');
const CALLS = Number(argValue('calls', 100_000));
const INFLIGHT = Number(argValue('inflight', 8));
const SETTLE_MS = Number(argValue('settle-ms', 2000));
const STEP = Math.max(1, Math.round(CALLS / 10));
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const wasm = initSync({ module: readFileSync(new URL('../pkg/highlevel_wasm_bg.wasm', import.meta.url)) });
if (!(wasm?.memory instanceof WebAssembly.Memory)) throw new Error('could not reach the wasm memory through initSync');

const sandbox = await getSandbox();
const who = target(sandbox);
const clients = makeClients(sandbox, who);
const client = clients[VARIANT];
checkResponse('addFollowersContact', await client.add(), who);
checkResponse('getContact', await client.get(), who);

async function sample(calls) {
  // FinalizationRegistry callbacks (wasm-bindgen's, AbortSignal.timeout's)
  // run as tasks after a GC: give them a turn, then collect what they freed.
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await sleep(i ? 10 : 0);
  }
  const m = process.memoryUsage();
  return { calls, wasmBytes: wasm.memory.buffer.byteLength, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const samples = [await sample(0)];
const WARM = Math.round(CALLS * 0.2);
let warmSettled;
let done = 0;
let failed = 0;
let firstError;
const t0 = performance.now();
while (done < CALLS) {
  const end = Math.min(CALLS, done + STEP);
  let next = done;
  await Promise.all(Array.from({ length: INFLIGHT }, async () => {
    for (;;) {
      const i = next++;
      if (i >= end) return;
      try {
        await (i % 2 ? client.get() : client.add());
      } catch (e) {
        failed++;
        firstError ??= e;
      }
    }
  }));
  done = end;
  samples.push(await sample(done));
  if (!warmSettled && done >= WARM) {
    await sleep(SETTLE_MS);
    warmSettled = await sample(done);
  }
}
const elapsedMs = performance.now() - t0;
if (failed) throw new Error(`${failed} of ${CALLS} calls failed; first: ${firstError?.message ?? firstError}`);
await sleep(SETTLE_MS);
const settled = await sample(done);
await sandbox.stop();

const warm = samples.filter((s) => s.calls >= warmSettled.calls);
const slopePer10k = (k) => slope(warm.map((s) => s.calls), warm.map((s) => s[k])) * 10_000;
const span = (settled.calls - warmSettled.calls) / 10_000;
const per10k = (k) => (settled[k] - warmSettled[k]) / span;
emitResult({
  variant: VARIANT,
  calls: CALLS,
  inflight: INFLIGHT,
  settleMs: SETTLE_MS,
  elapsedMs,
  before: samples[0],
  after: samples.at(-1),
  settled,
  warmSettled,
  samples,
  growthPer10k: { wasmBytes: per10k('wasmBytes'), rss: per10k('rss'), heapUsed: per10k('heapUsed'), external: per10k('external') },
  slopePer10k: { rss: slopePer10k('rss'), heapUsed: slopePer10k('heapUsed'), external: slopePer10k('external') },
  // The wasm memory never shrinks: any growth after warm-up is a leak signal.
  wasmGrowthAfterWarmup: settled.wasmBytes - warmSettled.wasmBytes,
});
