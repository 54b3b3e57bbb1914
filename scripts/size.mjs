// `make size`: bytes of the built package, raw and gzip -9, against the budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const PKG = new URL('../pkg/', import.meta.url).pathname;
const BUDGET = 150 * 1024;

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
const wasm = measure(files(PKG, '.wasm'));
const js = measure(files(PKG, '.js'));
const total = { raw: wasm.raw + js.raw, gz: wasm.gz + js.gz };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('part   raw        gzip -9');
for (const [name, m] of [['wasm', wasm], ['js', js], ['total', total]]) console.log(`${name.padEnd(6)} ${kb(m.raw).padEnd(10)} ${kb(m.gz)}`);
console.log(`budget ${kb(BUDGET)} gzip for wasm + JS: ${total.gz <= BUDGET ? 'within' : 'OVER'}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ wasm, js, total, budget: BUDGET }));
process.exit(total.gz <= BUDGET ? 0 : 1);
