// Bundles the package's JavaScript (run by build-pkg.sh once pkg/ holds the
// wasm-bindgen glue and pkg-template/): one esbuild build with code splitting
// over the entries of the exports map, so each entry loads a few shared
// chunks instead of ~17 small files (gzip compresses a chunk as a whole, and
// pays its per-file overhead once), minified without --keep-names.
//
// Layout of pkg/ after this (names are the chunks' main modules):
//   node.js browser.js workerd.js   the `highlevel-wasm` entries: the wasm init per runtime
//   core.js                         v2 client: core.js, the v2 glue and snippets, generated/services.js
//   v3-*.js, v3-core.js             the same for `highlevel-wasm/v3`
//   client.js                       what v2 and v3 share: client, caller, auth, auth-rules, paginate, bulk, token-store
//   error.js                        what every entry shares (HighLevelError: one class, `instanceof` holds across entries)
//   node-http.js                    the Node fetch (node.js, v3-node.js)
//   webhooks-*.js, webhooks-core.js `highlevel-wasm/webhooks`
//   workers.js                      `highlevel-wasm/workers` (no wasm)
// The .wasm files stay separate and load as before: Node reads the file,
// workerd imports the .wasm module, browsers fetch `new URL(..., import.meta.url)`
// (the glue lives in core.js/v3-core.js/webhooks-core.js, next to the .wasm).
//
// Besides the entries, files tests and tools import by path:
//   highlevel_wasm.js, highlevel_wasm_v3.js  the glue's exports (shapes, initSync, init),
//     re-exported from the very chunk the entries use, so the wasm a runtime
//     entry initialised is the one they call; their stub entries reach the
//     same modules as the runtime entries, so they add no chunk boundary.
//   auth-rules.js  a standalone copy (its own error.js too) over the v2 core
//     of ./highlevel_wasm.js: as an entry of the main build, its every export
//     would cross out of client.js (~80 B gzip on each client entry).
//   workers-window.js, generated/services.js, generated-v3/services.js
//     standalone minified copies of pure modules (no state, no wasm); no entry loads them.
// scripts/size.mjs counts, per entry, the files its runtime entries load.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const SRC = join(ROOT, 'target', 'pkg-src');
const STUBS = join(SRC, '_stubs');

// 1. Move the JavaScript sources out of pkg/ (everything else stays).
rmSync(SRC, { recursive: true, force: true });
mkdirSync(STUBS, { recursive: true });
function moveJs(dir) {
  for (const f of readdirSync(join(PKG, dir), { withFileTypes: true })) {
    const rel = join(dir, f.name);
    if (f.isDirectory()) moveJs(rel);
    else if (f.name.endsWith('.js')) {
      mkdirSync(join(SRC, dir), { recursive: true });
      renameSync(join(PKG, rel), join(SRC, rel));
    }
  }
}
moveJs('.');
rmSync(join(PKG, 'snippets'), { recursive: true, force: true }); // bundled into the glue's chunk
for (const d of ['generated', 'generated-v3']) mkdirSync(join(PKG, d), { recursive: true });

// The glue stubs: the glue's exports, plus one of the client's, so they reach
// the same modules as node.js/browser.js/workerd.js (no extra chunk). They
// read the glue's namespace object (made anyway: makeClient takes it) so
// its chunk exports that one object, not each of the glue's names.
async function stub(glue, core) {
  const names = Object.keys(await import(pathToFileURL(join(SRC, glue)).href)).filter((n) => n !== 'default');
  return `import * as glue from '../${glue}';\nconst g = Object(glue);\nexport const { ${names.join(', ')} } = g;\nexport default g.default;\nexport { HighLevel as _client } from '../${core}';\n`;
}
writeFileSync(join(STUBS, 'highlevel_wasm.js'), await stub('highlevel_wasm.js', 'core.js'));
writeFileSync(join(STUBS, 'highlevel_wasm_v3.js'), await stub('highlevel_wasm_v3.js', 'v3-core.js'));
// auth-rules.js (tests import it): its own copy, handed the v2 core.
writeFileSync(join(SRC, '_auth-rules.js'), `export * from './auth-rules.js';\nimport { useCore } from './auth-rules.js';\nimport * as wasm from './highlevel_wasm.js';\nuseCore(wasm);\n`);

const ENTRIES = ['node', 'browser', 'workerd', 'v3-node', 'v3-browser', 'v3-workerd', 'webhooks-node', 'webhooks-browser', 'webhooks-workerd', 'workers'];
const common = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  external: ['*.wasm', 'node:*', 'cloudflare:workers'],
  logLevel: 'error',
};

// 2. The entries and their shared chunks.
const result = await esbuild.build({
  ...common,
  absWorkingDir: SRC,
  entryPoints: [
    ...ENTRIES.map((e) => ({ in: `./${e}.js`, out: e })),
    { in: './_stubs/highlevel_wasm.js', out: 'highlevel_wasm' },
    { in: './_stubs/highlevel_wasm_v3.js', out: 'highlevel_wasm_v3' },
  ],
  splitting: true,
  outdir: PKG,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  metafile: true,
});

// 3. Name each chunk after its main module (the first of these it holds).
const NAMED = ['core.js', 'v3-core.js', 'webhooks-core.js', 'client.js', 'node-http.js', 'error.js'];
const renames = new Map();
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  const file = basename(out);
  if (!file.startsWith('chunk-')) continue;
  const inputs = Object.keys(meta.inputs);
  const name = NAMED.find((n) => inputs.includes(n) && ![...renames.values()].includes(n));
  if (name) renames.set(file, name);
}
const outputs = Object.keys(result.metafile.outputs).map((o) => join(SRC, o));
for (const path of outputs) {
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of renames) text = text.replaceAll(`"./${from}"`, `"./${to}"`);
  const to = renames.get(basename(path));
  writeFileSync(to ? join(PKG, to) : path, text);
  if (to) rmSync(path);
}

// 4. Standalone copies of pure modules that tests import by path.
for (const f of ['workers-window.js', 'generated/services.js', 'generated-v3/services.js']) {
  if (!existsSync(join(SRC, f))) continue;
  await esbuild.build({ ...common, absWorkingDir: SRC, entryPoints: [`./${f}`], outfile: join(PKG, f) });
}

const glue = { name: 'glue', setup: (b) => b.onResolve({ filter: /^\.\/highlevel_wasm\.js$/ }, (a) => ({ path: a.path, external: true })) };
await esbuild.build({ ...common, absWorkingDir: SRC, entryPoints: ['./_auth-rules.js'], outfile: join(PKG, 'auth-rules.js'), plugins: [glue] });

const left = outputs.map((p) => basename(p)).filter((f) => f.startsWith('chunk-') && !renames.has(f));
if (left.length) console.warn(`bundle-pkg: ${left.length} unnamed chunk(s): ${left.join(' ')}`);
