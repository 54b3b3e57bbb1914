// `make bench` / `make bench-quick`: starts one sandbox, runs every section
// in its own Node process (so one section's heap, JIT state and sockets do
// not leak into the next), prints the one table, writes
// results/latest.json (results/quick.json with --quick, results/partial.json
// with --only) and, for a complete full run, the generated part of
// ../BENCHMARKS.md.
//
//   node run.mjs [--quick] [--only size,validate,percall,memory,coldstart,profile,runtimes]
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../scripts/sandbox.mjs';
import { SANDBOX_ARGS, sandboxEnv } from './sandbox.mjs';
import { table, targets } from './report.mjs';
import { sdkDefaultVersion, sdkVersion, VERSION } from './clients.mjs';
import { argValue, loopbackOnly, RESULT_PREFIX } from './stats.mjs';

loopbackOnly();
const BENCH = fileURLToPath(new URL('./', import.meta.url));
const ROOT = join(BENCH, '..');
const QUICK = argValue('quick', false) === true;
const ONLY = argValue('only', null);
const require = createRequire(import.meta.url);

/** Counts per section; `quick` is a smoke test (no thresholds), not a measurement. */
const PLAN = QUICK
  ? {
    size: [],
    validate: ['--calls', '2000', '--repeats', '1', '--precalls', '500'],
    percall: ['--seq', '200', '--conc', '800', '--inflight', '64', '--repeats', '1', '--warmup', '50'],
    memory: ['--calls', '5000', '--inflight', '8', '--settle-ms', '200'],
    coldstart: ['--rounds', '2', '--workerd-rounds', '1'],
    profile: ['--calls', '600', '--rounds', '3', '--warmup', '100'],
    runtimes: ['--calls', '20', '--repeats', '1'],
  }
  : {
    size: [],
    validate: ['--calls', '20000', '--repeats', '5', '--precalls', '5000'],
    percall: ['--seq', '5000', '--conc', '20000', '--inflight', '64', '--repeats', '3', '--warmup', '1000'],
    memory: ['--calls', '100000', '--inflight', '8', '--settle-ms', '2000'],
    coldstart: ['--rounds', '15', '--workerd-rounds', '15'],
    profile: ['--calls', '8000', '--rounds', '5', '--warmup', '1000'],
    runtimes: ['--calls', '100', '--repeats', '60', '--workerd-calls', '1000', '--workerd-repeats', '11'],
  };
// Hard limits per section process (the whole full run must stay under 10 minutes).
const LIMIT_S = QUICK
  ? { size: 30, validate: 20, percall: 30, memory: 30, coldstart: 40, profile: 20, runtimes: 40 }
  : { size: 60, validate: 90, percall: 300, memory: 100, coldstart: 150, profile: 60, runtimes: 120 };

let sandbox;
const stopSandbox = () => sandbox?.stop();
process.once('exit', stopSandbox);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { stopSandbox(); process.exit(130); });

/** Runs one section script; resolves to its RESULT object. */
function section(name, script, args, nodeFlags = []) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    process.stderr.write(`${name}: node ${[...nodeFlags, script, ...args].join(' ')}\n`);
    const child = spawn(process.execPath, [...nodeFlags, join(BENCH, script), ...args], {
      cwd: BENCH,
      env: { ...process.env, ...sandboxEnv(sandbox) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; process.stderr.write(d); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: no result within ${LIMIT_S[name.split(' ')[0]]} s`));
    }, LIMIT_S[name.split(' ')[0]] * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return reject(new Error(`${name} failed (exit ${code}):\n${err.slice(-3000)}${out.slice(-2000)}`));
      const result = JSON.parse(line.slice(RESULT_PREFIX.length));
      result.seconds = (Date.now() - t0) / 1000;
      process.stderr.write(`${name}: ${result.seconds.toFixed(1)} s\n`);
      resolve(result);
    });
  });
}

function machine() {
  const cpus = os.cpus();
  let distro = os.type();
  try {
    distro = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? distro;
  } catch { /* not Linux */ }
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${distro}, ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const want = (s) => !ONLY || String(ONLY).split(',').includes(s);
const started = Date.now();
sandbox = await startSandbox(SANDBOX_ARGS);

const results = {
  meta: {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: machine(),
    commit: git('rev-parse', '--short', 'HEAD'),
    dirty: Boolean(git('status', '--porcelain', '--', 'src', 'pkg-template', 'Cargo.toml', 'Cargo.lock')),
    pkg: {
      version: JSON.parse(readFileSync(join(ROOT, 'pkg', 'package.json'), 'utf8')).version,
      wasmBytes: readFileSync(join(ROOT, 'pkg', 'highlevel_wasm_bg.wasm')).length,
    },
    sdk: { version: sdkVersion(), axios: require('axios/package.json').version, defaultVersionHeader: sdkDefaultVersion(), versionHeaderUsed: VERSION },
    tools: { esbuild: require('esbuild/package.json').version, miniflare: require('miniflare/package.json').version, workerd: require('workerd/package.json').version, ajv: require('ajv/package.json').version, gnostic: JSON.parse(readFileSync(join(BENCH, 'node_modules', '@gnosticdev', 'highlevel-sdk', 'package.json'), 'utf8')).version },
    sandboxArgs: SANDBOX_ARGS,
    plan: PLAN,
    commands: QUICK
      ? ['make bench-quick', 'cd bench && node run.mjs --quick']
      : ['make bench', '# = make pkg sandbox, then:', 'cd bench && npm ci --no-audit --no-fund --loglevel=error  # only when node_modules is missing or older than package-lock.json', 'node run.mjs'],
  },
};

try {
  if (want('size')) results.size = await section('size', 'size.mjs', PLAN.size);
  if (want('validate')) results.validate = await section('validate', 'validate.mjs', PLAN.validate);
  if (want('percall')) results.percall = await section('percall', 'percall.mjs', PLAN.percall, ['--expose-gc']);
  if (want('memory')) {
    results.memory = {
      pkg: await section('memory (pkg)', 'memory.mjs', ['--variant', 'pkg', ...PLAN.memory], ['--expose-gc']),
      fetch: await section('memory (raw fetch, reference)', 'memory.mjs', ['--variant', 'fetch', ...PLAN.memory], ['--expose-gc']),
    };
  }
  if (want('coldstart')) results.coldstart = await section('coldstart', 'coldstart.mjs', PLAN.coldstart);
  if (want('profile')) results.profile = await section('profile', 'profile.mjs', PLAN.profile, ['--expose-gc']);
  if (want('runtimes')) results.runtimes = await section('runtimes', 'runtimes.mjs', PLAN.runtimes);
} finally {
  await sandbox.stop();
  sandbox = undefined;
}
results.meta.seconds = (Date.now() - started) / 1000;
results.targets = targets(results);

mkdirSync(join(BENCH, 'results'), { recursive: true });
// Only a complete full run replaces latest.json (and BENCHMARKS.md).
const outFile = join(BENCH, 'results', QUICK ? 'quick.json' : ONLY ? 'partial.json' : 'latest.json');
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);

const text = table(results);
console.log(`\n${text}\n`);
if (!QUICK) {
  for (const t of results.targets) console.log(`${t.met ? 'met    ' : 'NOT MET'}  ${t.what}: ${t.value}`);
}
console.log(`\n${QUICK ? 'quick smoke run (counts too small to mean anything)' : ONLY ? `partial run (${ONLY})` : 'full run'}: ${results.meta.seconds.toFixed(0)} s; results in ${relative(ROOT, outFile)}`);

if (!QUICK && !ONLY) {
  const { writeBenchmarksMd } = await import('./markdown.mjs');
  writeBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), results, text);
  console.log('BENCHMARKS.md updated (the generated part between its markers)');
}

