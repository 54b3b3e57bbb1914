// 3. Size: the package's wasm and JS as published (raw and gzip -9), the
// official SDK's own JS beside it, and what a user ships: esbuild bundles of
// a file that imports the client and makes one call (bundle.mjs), for the
// browser and for Workers. A bundle that does not build is reported as such.
//
//   node size.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundle, PKG } from './bundle.mjs';
import { emitResult } from './stats.mjs';

const require = createRequire(import.meta.url);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function files(dir, re) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, re) : re.test(p) ? [p] : [];
  });
}

/** Raw and gzip -9 bytes, each file compressed on its own (as a server sends them). */
function measure(paths) {
  return paths.reduce((m, p) => {
    const b = readFileSync(p);
    return { files: m.files + 1, raw: m.raw + b.length, gzip: m.gzip + gz(b) };
  }, { files: 0, raw: 0, gzip: 0 });
}

/** The JS a Node user of this package loads: node.js and everything it imports. */
function nodeGraph() {
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const m of readFileSync(p, 'utf8').matchAll(/(?:import|export)\s*[{*\w][^'"]*?from\s*['"](\.[^'"]+)['"]|import\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const next = join(dirname(p), m[1] ?? m[2]);
      if (next.endsWith('.js')) visit(next);
    }
  };
  visit(join(PKG, 'node.js'));
  return [...seen];
}

const sdkDir = dirname(require.resolve('@gohighlevel/api-client/package.json'));

// The v2 entry as `make size` counts it (its wasm and JS, not the webhooks,
// workers or v3 subpaths'), and the other entries beside it.
const sizeOut = spawnSync(process.execPath, [join(PKG, '..', 'scripts', 'size.mjs'), '--json'], { encoding: 'utf8' }).stdout.trim().split('\n').at(-1);
const entries = JSON.parse(sizeOut);
const asMeasure = (e, files) => ({ files, raw: e.raw, gzip: e.gz });
const pkg = {
  wasm: asMeasure(entries.wasm, 1),
  js: asMeasure(entries.js, entries.js.files),
  nodeJs: measure(nodeGraph()),
  entries: Object.fromEntries(['v3', 'webhooks', 'workers'].map((k) => [k, { raw: entries[k].total.raw, gzip: entries[k].total.gz }])),
  budget: entries.budget,
};
pkg.total = { raw: pkg.wasm.raw + pkg.js.raw, gzip: pkg.wasm.gzip + pkg.js.gzip };
const sdk = {
  js: measure(files(join(sdkDir, 'dist'), /\.js$/)),
  dependencies: Object.keys(require('@gohighlevel/api-client/package.json').dependencies ?? {}),
};

async function shipped(entry, target, opts = {}) {
  const r = await bundle(entry, target, opts);
  if (!r.ok) return { ok: false, errors: r.errors.length, firstErrors: r.errors.slice(0, 4), allErrors: r.errors };
  const part = (kind) => measure(r.files.filter((f) => f.kind === kind).map((f) => f.path));
  const js = part('js');
  const wasm = part('wasm');
  return { ok: true, js, wasm, total: { raw: js.raw + wasm.raw, gzip: js.gzip + wasm.gzip }, files: r.files.map((f) => f.name) };
}

/**
 * The package's bundle as published; only if that bundle lost the wasm (an
 * entry tree-shaken away under `"sideEffects": false`) also the bundle with
 * its entries marked as having side effects, which the table then shows,
 * flagged.
 */
async function pkgBundle(entry, target) {
  const published = await shipped(entry, target, { fixSideEffects: false, tag: 'published' });
  if (published.ok && published.wasm.files) return { pkg: published, pkgAsPublished: null };
  return { pkg: await shipped(entry, target), pkgAsPublished: published };
}

const bundles = {
  browser: {
    ...await pkgBundle('browser-pkg', 'browser'),
    sdk: await shipped('browser-sdk', 'browser'),
    sdkNodeBuiltinsExternal: await shipped('browser-sdk', 'browser', { nodejsCompat: true, tag: 'node-external' }),
  },
  workers: {
    ...await pkgBundle('worker-pkg', 'workers'),
    sdk: await shipped('worker-sdk', 'workers'),
    sdkNodejsCompat: await shipped('worker-sdk', 'workers', { nodejsCompat: true, tag: 'nodejs_compat' }),
  },
};

emitResult({
  pkg,
  sdk,
  bundles,
  pkgSideEffects: JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).sideEffects,
  esbuild: require('esbuild/package.json').version,
});
