// `make size`: bytes of the built package, raw and gzip -9, per entry against
// its budget: `highlevel-wasm` (the client: its wasm and every JS file but the
// webhooks, workers and v3 subpaths'; 110 KB, issue 10), `highlevel-wasm/v3` (the same with the v3 wasm,
// glue, entries and name table in place of v2's) and `highlevel-wasm/webhooks`
// (its own wasm and JS, plus the error.js all share). No wasm loads another.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';

const PKG = new URL('../pkg/', import.meta.url).pathname;
const BUDGET = 110 * 1024;
const V3_BUDGET = 150 * 1024;
const WEBHOOKS_BUDGET = 50 * 1024;

function files(dir, ext) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}
function measure(paths) {
  const raw = paths.reduce((n, p) => n + statSync(p).size, 0);
  const gz = paths.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
  return { raw, gz };
}
const isWebhooks = (p) => /^webhooks[-_.]/.test(relative(PKG, p));
const isShared = (p) => relative(PKG, p) === 'error.js';
// `highlevel-wasm/workers`: Durable Objects in plain JS, no wasm (its own entry).
const isWorkers = (p) => /^workers[-.]/.test(relative(PKG, p));
// `highlevel-wasm/v3`: its wasm, glue, entries and name table; the v2 entry's
// own ones are the same files without `v3` (core.js, node.js, generated/...).
const isV3 = (p) => /^(v3[-.]|highlevel_wasm_v3[_.]|generated-v3\/)/.test(relative(PKG, p));
const isV2 = (p) => /^(core|node|browser|workerd)\.js$|^highlevel_wasm(_bg\.wasm|\.js)$|^generated\//.test(relative(PKG, p));

function entry(wasmFiles, jsFiles, budget) {
  const wasm = measure(wasmFiles);
  const js = measure(jsFiles);
  return { wasm, js, total: { raw: wasm.raw + js.raw, gz: wasm.gz + js.gz }, budget };
}
const allWasm = files(PKG, '.wasm');
const allJs = files(PKG, '.js');
const client = entry(allWasm.filter((p) => !isWebhooks(p) && !isV3(p)), allJs.filter((p) => !isWebhooks(p) && !isV3(p) && !isWorkers(p)), BUDGET);
const v3 = entry(allWasm.filter(isV3), allJs.filter((p) => !isWebhooks(p) && !isV2(p) && !isWorkers(p)), V3_BUDGET);
const workers = entry([], allJs.filter(isWorkers), Infinity);
const webhooks = entry(allWasm.filter(isWebhooks), allJs.filter((p) => isWebhooks(p) || isShared(p)), WEBHOOKS_BUDGET);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let ok = true;
for (const [name, e] of [['highlevel-wasm', client], ['highlevel-wasm/v3', v3], ['highlevel-wasm/webhooks', webhooks], ['highlevel-wasm/workers', workers]]) {
  console.log(`${name}\npart   raw        gzip -9`);
  for (const [part, m] of [['wasm', e.wasm], ['js', e.js], ['total', e.total]]) console.log(`${part.padEnd(6)} ${kb(m.raw).padEnd(10)} ${kb(m.gz)}`);
  const within = e.total.gz <= e.budget;
  ok &&= within;
  console.log(Number.isFinite(e.budget) ? `budget ${kb(e.budget)} gzip for wasm + JS: ${within ? 'within' : 'OVER'}\n` : 'no budget (plain JS, no wasm)\n');
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...client, v3, webhooks, workers }));
process.exit(ok ? 0 : 1);
