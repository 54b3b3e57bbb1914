// What a user ships: esbuild bundles of the files in entries/ (import the
// client, make one call), for the browser and for Cloudflare Workers, built
// the way a user's tooling would build them. Used by size.mjs and coldstart.mjs.
//
// - browser: platform browser, format esm, minify. pkg/browser.js loads its
//   wasm with `new URL('./highlevel_wasm_bg.wasm', import.meta.url)`, which
//   esbuild leaves alone, so the .wasm ships as a separate file next to the
//   bundle (what `loader: { '.wasm': 'file' }` would emit); we copy it there.
// - workers: wrangler's options (conditions workerd/worker/browser, target
//   es2022, format esm, minify as `wrangler deploy --minify`), the .wasm kept
//   external and uploaded as a CompiledWasm module, as wrangler's module rules do.
//   Node built-ins: wrangler fails the build without nodejs_compat; with it,
//   `nodejsCompat: true` externalizes them as `node:*` (require() calls become
//   ESM imports, as wrangler's hybrid plugin does) but, unlike wrangler, adds
//   no unenv polyfills for what workerd lacks.
//
// A package that declares `"sideEffects": false` loses the wasm init of its
// entries under esbuild (browser.js/workerd.js only re-export core.js apart
// from that init), and the bundle fails at first use; the package did until
// it listed its entries. `fixSideEffects` marks those entry files as having
// side effects (what `"sideEffects": ["./browser.js", "./workerd.js",
// "./node.js"]` does), so size.mjs and coldstart.mjs can still measure such a
// build, flagged; they use the bundle as published whenever it works.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = fileURLToPath(new URL('./', import.meta.url));
export const ROOT = join(BENCH, '..');
export const PKG = join(ROOT, 'pkg');
const BUILD = join(BENCH, '.build');
const NODE_PATH = join(BUILD, 'node_modules');

/** `import 'highlevel-wasm'` resolves to ../pkg through its own exports map, as after `npm install`. */
function linkPackage() {
  mkdirSync(NODE_PATH, { recursive: true });
  const link = join(NODE_PATH, 'highlevel-wasm');
  if (!existsSync(link)) symlinkSync(PKG, link, 'dir');
}

const PKG_ENTRIES = new Set(['browser.js', 'workerd.js', 'node.js'].map((f) => join(PKG, f)));

function sideEffectsPlugin() {
  return {
    name: 'pkg-entry-side-effects',
    setup(build) {
      build.onResolve({ filter: /^highlevel-wasm$/ }, async (args) => {
        if (args.pluginData?.fromSideEffectsPlugin) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { fromSideEffectsPlugin: true } });
        if (r.errors.length) return { errors: r.errors };
        return PKG_ENTRIES.has(r.path) ? { ...r, sideEffects: true } : r;
      });
    },
  };
}

/** `.wasm` imports stay external and the file is copied beside the bundle (wrangler's CompiledWasm rule). */
function wasmExternalPlugin(outdir, copied) {
  return {
    name: 'wasm-external',
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        const src = join(args.resolveDir, args.path);
        const name = basename(src);
        copied.push({ src, name });
        return { path: `./${name}`, external: true };
      });
    },
  };
}

const NODE_RE = new RegExp(`^(node:)?(${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/** nodejs_compat, roughly as wrangler's hybrid plugin does it, minus unenv. */
function nodeCompatPlugin() {
  return {
    name: 'nodejs-compat',
    setup(build) {
      build.onResolve({ filter: NODE_RE }, (args) => {
        const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
        if (args.kind === 'require-call') return { path: name, namespace: 'node-require' };
        return { path: name, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'node-require' }, ({ path }) => ({
        contents: `import libDefault from '${path}';\nmodule.exports = libDefault;`,
        loader: 'js',
      }));
    },
  };
}

export const TARGETS = {
  browser: { platform: 'browser', format: 'esm', minify: true, loader: { '.wasm': 'file' } },
  workers: { conditions: ['workerd', 'worker', 'browser'], target: 'es2022', format: 'esm', minify: true, loader: { '.js': 'jsx', '.mjs': 'jsx', '.cjs': 'jsx' } },
};

/**
 * Bundles entries/<entry>.js for `target`. Resolves to
 * `{ ok, files: [{ path, name, bytes, kind }], errors: [string], warnings, outdir }`;
 * a failed build is a result (`ok: false`), not an exception.
 */
export async function bundle(entry, target, { nodejsCompat = false, fixSideEffects = true, tag = '' } = {}) {
  linkPackage();
  const outdir = join(BUILD, `${target}-${entry}${tag ? `-${tag}` : ''}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const copied = [];
  const plugins = [];
  if (fixSideEffects) plugins.push(sideEffectsPlugin());
  if (target === 'workers') plugins.push(wasmExternalPlugin(outdir, copied));
  if (nodejsCompat) plugins.push(nodeCompatPlugin());
  try {
    const result = await esbuild.build({
      ...TARGETS[target],
      entryPoints: [join(BENCH, 'entries', `${entry}.js`)],
      bundle: true,
      write: true,
      outdir,
      metafile: true,
      nodePaths: [NODE_PATH],
      absWorkingDir: BENCH,
      logLevel: 'silent',
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins,
    });
    const files = Object.entries(result.metafile.outputs).map(([p, o]) => ({ path: join(BENCH, p), name: basename(p), bytes: o.bytes, kind: 'js' }));
    // browser.js fetches the .wasm next to it at run time: it ships as a file too.
    if (target === 'browser') copied.push({ src: join(PKG, 'highlevel_wasm_bg.wasm'), name: 'highlevel_wasm_bg.wasm' });
    // Ship a .wasm only if the bundle still refers to it (tree shaking may have dropped its import).
    const text = files.map((f) => readFileSync(f.path, 'utf8')).join('\n');
    for (const { src, name } of copied.filter((c, i, all) => text.includes(c.name) && all.findIndex((d) => d.name === c.name) === i)) {
      const dst = join(outdir, name);
      copyFileSync(src, dst);
      files.push({ path: dst, name, bytes: readFileSync(dst).length, kind: 'wasm' });
    }
    return { ok: true, outdir, files, errors: [], warnings: result.warnings.map(formatMessage) };
  } catch (e) {
    const errors = (e.errors ?? [{ text: String(e.message ?? e) }]).map(formatMessage);
    return { ok: false, outdir, files: [], errors, warnings: (e.warnings ?? []).map(formatMessage) };
  }
}

function formatMessage(m) {
  const where = m.location ? `${m.location.file}:${m.location.line}: ` : '';
  return `${where}${m.text}`.replace(/^.*node_modules\//, '');
}


/** The compatibility date every Miniflare run here uses. */
export const COMPAT_DATE = '2026-07-01';

/** Miniflare modules of a Workers bundle: the main module first, then the .wasm it imports. */
export function workerModules(outdir) {
  return readdirSync(outdir)
    .sort((a, b) => Number(a.endsWith('.wasm')) - Number(b.endsWith('.wasm')))
    .map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(outdir, f) }));
}
