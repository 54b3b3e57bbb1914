// `make size`: bytes of the built package, raw and gzip -9 (each file on its
// own, summed), per entry against its budget: `highlevel-wasm` (the client;
// 110 KB, issue 10), `highlevel-wasm/v3` and `highlevel-wasm/webhooks`, plus
// `highlevel-wasm/workers` (plain JS, no budget).
// An entry's files are what its exports-map targets load, for every runtime
// condition together (node, browser, workerd...): each target, the JS it
// imports statically, transitively (shared chunks count toward every entry
// that imports them), and the .wasm files those name. No wasm loads another.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';

const PKG = new URL('../pkg/', import.meta.url).pathname;
const BUDGETS = { '.': 110 * 1024, './v3': 150 * 1024, './webhooks': 50 * 1024, './workers': Infinity };

function measure(paths) {
  const raw = paths.reduce((n, p) => n + statSync(p).size, 0);
  const gz = paths.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
  return { raw, gz, files: paths.length };
}
/** Every target file of an exports-map value, whatever the condition. */
function targets(v) {
  if (typeof v === 'string') return [v];
  return Object.entries(v).flatMap(([cond, t]) => (cond === 'types' ? [] : targets(t)));
}
/** The JS files `starts` load (static and dynamic imports, transitively) and the .wasm they name. */
function graph(starts) {
  const js = new Set();
  const wasm = new Set();
  const visit = (p) => {
    if (js.has(p)) return;
    js.add(p);
    const text = readFileSync(p, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const next = join(dirname(p), m[1]);
      if (next.endsWith('.js')) visit(next);
    }
    for (const m of text.matchAll(/["'](\.{0,2}\/?[\w./-]+\.wasm)["']/g)) wasm.add(join(dirname(p), m[1]));
  };
  starts.forEach(visit);
  return { js: [...js].sort(), wasm: [...wasm].sort() };
}

const { exports } = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
const result = {};
for (const [sub, budget] of Object.entries(BUDGETS)) {
  const g = graph([...new Set(targets(exports[sub]))].map((t) => join(PKG, t)));
  const wasm = measure(g.wasm);
  const js = measure(g.js);
  result[sub] = { wasm, js, total: { raw: wasm.raw + js.raw, gz: wasm.gz + js.gz }, budget, jsFiles: g.js.map((p) => relative(PKG, p)) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const verbose = process.argv.includes('--files');
let ok = true;
for (const [sub, e] of Object.entries(result)) {
  console.log(`${sub === '.' ? 'highlevel-wasm' : `highlevel-wasm/${sub.slice(2)}`}\npart   raw        gzip -9`);
  for (const [part, m] of [['wasm', e.wasm], ['js', e.js], ['total', e.total]]) console.log(`${part.padEnd(6)} ${kb(m.raw).padEnd(10)} ${kb(m.gz)}${m.files !== undefined ? `  (${m.files} file${m.files === 1 ? '' : 's'})` : ''}`);
  if (verbose) console.log(`js: ${e.jsFiles.join(' ')}`);
  const within = e.total.gz <= e.budget;
  ok &&= within;
  console.log(Number.isFinite(e.budget) ? `budget ${kb(e.budget)} gzip for wasm + JS: ${within ? 'within' : 'OVER'}\n` : 'no budget (plain JS, no wasm)\n');
}
const { '.': client, './v3': v3, './webhooks': webhooks, './workers': workers } = result;
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...client, v3, webhooks, workers }));
process.exit(ok ? 0 : 1);
