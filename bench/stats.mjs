// Small statistics and formatting helpers shared by the benchmark sections.
import { readFileSync, readdirSync } from 'node:fs';

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Nearest-rank percentile of an already sorted array. */
export const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;

/** Least-squares slope of y over x. */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

export const MiB = 1024 * 1024;
export const KiB = 1024;
export const fmtBytes = (n) => (Math.abs(n) >= MiB ? `${(n / MiB).toFixed(2)} MiB` : Math.abs(n) >= KiB ? `${(n / KiB).toFixed(1)} KiB` : `${Math.round(n)} B`);
export const fmtSigned = (n, f) => `${n >= 0 ? '+' : '-'}${f(Math.abs(n))}`;
export const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(3)}x` : 'n/a');
export const fmtNum = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : 'n/a');

/** Reads `--name value` / `--flag` style options. */
export function argValue(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
}

/** The last line of a section's output that starts with RESULT, parsed. */
export const RESULT_PREFIX = 'RESULT ';
export function emitResult(obj) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(obj)}\n`);
}

/** No proxies: every request of the benchmarks goes to the sandbox on 127.0.0.1. */
export function loopbackOnly() {
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) delete process.env[k];
  process.env.NO_PROXY = '127.0.0.1,localhost';
}

/** Linux: pids of the processes below `root` whose name matches `re`. */
export function descendants(root, re) {
  const parent = new Map();
  const comm = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(p, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      comm.set(p, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch { /* gone */ }
  }
  const below = (p) => {
    for (let q = p, hops = 0; q && q !== '0' && hops < 30; q = parent.get(q), hops++) if (q === String(root)) return true;
    return false;
  };
  return [...comm].filter(([p, name]) => re.test(name) && below(p)).map(([p]) => p);
}

/** Linux: on-CPU nanoseconds of every thread of `pids` (/proc schedstat). */
export function cpuNs(pids) {
  let ns = 0;
  for (const p of pids) {
    let tasks = [];
    try { tasks = readdirSync(`/proc/${p}/task`); } catch { continue; }
    for (const t of tasks) {
      try { ns += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, 'utf8').split(' ')[0]); } catch { /* gone */ }
    }
  }
  return ns;
}
