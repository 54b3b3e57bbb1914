// What the pieces of a call cost in workerd (Miniflare): the variants of
// entries/worker-micro.js (raw fetch plus one piece of the package's
// pipeline at a time, the package, the package with its deadline or pacing
// off, a fetch without the network), CPU of the workerd threads per call from
// /proc schedstat. Short blocks (--calls), the variants interleaved in an
// order that rotates, many rounds (--repeats): the machine's speed drifts
// (other processes, a VM's neighbours) and a pair of blocks run next to each
// other sees the same drift, so the figure to read is the median of each
// variant's difference to the first one within a round.
//
//   node workerd-micro.mjs [--calls 50] [--repeats 200] [--only base,full,pkg]
//     [--base DIR]        a package built elsewhere as the variants pkgB/pkgBadd
//                         (e.g. a copy of pkg/ from main), for A/B in one isolate
//     [--src]             the readable sources (target/pkg-src, left by make pkg), for named frames
//     [--loop V --seconds S]  run variant V for S seconds and print the workerd pids
//                         (for `perf record -p`; MINIFLARE_WORKERD_V8_FLAGS=--perf-basic-prof names JS and wasm frames)
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import { BENCH, ROOT, PKG, COMPAT_DATE } from './bundle.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { median, argValue, loopbackOnly, descendants, cpuNs } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 50));
const REPEATS = Number(argValue('repeats', 200));
const ONLY = argValue('only', false);
const BASE = argValue('base', false);
const LOOP = argValue('loop', false);
const VARIANTS = ONLY ? String(ONLY).split(',') : ['base', 'full', 'like', 'pkg', 'pkg0'];

// Two wasm modules of a few bytes, to tell what entering any wasm costs from
// what entering the package's costs: `add(a, b)`, and `ld(addr)` over an
// exported memory of 17 pages (so a call can touch many pages).
const PROBES = {
  'add.wasm': Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 7, 1, 3, 0x61, 0x64, 0x64, 0, 0, 0x0a, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b),
  'mem.wasm': Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 5, 3, 1, 0, 0x11, 7, 0x0a, 2, 2, 0x6c, 0x64, 0, 0, 1, 0x6d, 2, 0, 0x0a, 9, 1, 7, 0, 0x20, 0, 0x28, 2, 0, 0x0b),
};

/** The worker, with `highlevel-wasm` (and `highlevel-wasm-base`) resolved to packages on disk, each .wasm beside it. */
async function build() {
  const outdir = join(BENCH, '.build', 'workers-micro');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const main = process.argv.includes('--src') ? join(ROOT, 'target', 'pkg-src', 'workerd.js') : join(PKG, 'workerd.js');
  const base = BASE ? join(resolve(BASE), 'workerd.js') : main;
  const wasms = new Map(); // source .wasm -> module name
  await esbuild.build({
    entryPoints: [join(BENCH, 'entries', 'worker-micro.js')],
    bundle: true, format: 'esm', target: 'es2022', minify: false, outfile: join(outdir, 'worker.js'), logLevel: 'silent',
    conditions: ['workerd', 'worker', 'browser'],
    alias: { 'highlevel-wasm': main, 'highlevel-wasm-base': base },
    plugins: [{
      name: 'wasm',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          // probe:<name>.wasm, a tiny module written here (PROBES), not a file of the repo.
          if (args.path.startsWith('probe:')) {
            const src = join(outdir, `probe-${args.path.slice(6)}`);
            writeFileSync(src, PROBES[args.path.slice(6)]);
            if (!wasms.has(src)) wasms.set(src, `m${wasms.size}.wasm`);
            return { path: `./${wasms.get(src)}`, external: true };
          }
          // The sources in target/pkg-src load the .wasm that sits in pkg/.
          let src = join(args.resolveDir, args.path);
          if (src.startsWith(join(ROOT, 'target', 'pkg-src'))) src = join(PKG, args.path);
          if (!wasms.has(src)) wasms.set(src, `m${wasms.size}.wasm`);
          return { path: `./${wasms.get(src)}`, external: true };
        });
      },
    }],
  });
  for (const [src, name] of wasms) if (src !== join(outdir, name)) copyFileSync(src, join(outdir, name));
  return {
    outdir,
    modules: [{ type: 'ESModule', path: join(outdir, 'worker.js') }, ...[...wasms.values()].map((n) => ({ type: 'CompiledWasm', path: join(outdir, n) }))],
  };
}

const sandbox = await getSandbox();
const who = target(sandbox);
const b = await build();
const mf = new Miniflare({
  modulesRoot: b.outdir,
  modules: b.modules,
  compatibilityDate: COMPAT_DATE,
  bindings: { BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: who.contactId, USER: who.userId },
});
const run = async (v, n) => {
  for (let done = 0; done < n; done += 200) {
    const res = await mf.dispatchFetch(`http://worker.test/?v=${v}&n=${Math.min(200, n - done)}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${v}: ${res.status} ${text.slice(0, 200)}`);
  }
};

try {
  if (LOOP) {
    await run(LOOP, 400);
    process.stderr.write(`PIDS ${descendants(process.pid, /^workerd$/).join(' ')}\n`);
    await new Promise((ok) => setTimeout(ok, 1000));
    const end = Date.now() + 1000 * Number(argValue('seconds', 10));
    let n = 0;
    while (Date.now() < end) { await run(LOOP, 200); n += 200; }
    process.stderr.write(`CALLS ${n}\n`);
  } else {
    for (const v of VARIANTS) await run(v, 200); // warm-up
    const pids = descendants(process.pid, /^workerd$/);
    const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < REPEATS; r++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
      for (const v of order) {
        const c0 = cpuNs(pids);
        await run(v, CALLS);
        runs[v].push((cpuNs(pids) - c0) / 1000 / CALLS);
      }
    }
    const first = VARIANTS[0];
    for (const v of VARIANTS) {
      const diff = median(runs[v].map((x, i) => x - runs[first][i]));
      console.log(`${v.padEnd(8)} ${median(runs[v]).toFixed(1).padStart(7)} µs/call  ${diff >= 0 ? '+' : ''}${diff.toFixed(1).padStart(5)} vs ${first} (median of the paired differences)`);
    }
  }
} finally {
  await mf.dispose().catch(() => {});
  await sandbox.stop();
}
