// Assembles the Worker's static assets: the custom page (public/) and the
// package's browser build under /pkg/ (the page validates with it and asks
// HighLevel for the user context with it). `node build-assets.mjs [outDir]`,
// default ./dist. The package comes from ../../pkg (`make pkg`) or, outside
// this repository, from node_modules/highlevel-wasm.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export function buildAssets(out = join(HERE, 'dist')) {
  const pkg = [join(HERE, '../../pkg'), join(HERE, 'node_modules/highlevel-wasm')].find((d) => existsSync(join(d, 'browser.js')));
  if (!pkg) throw new Error('highlevel-wasm is not built: run `make pkg` at the repository root (or npm install here)');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(HERE, 'public'), out, { recursive: true });
  // Only what a browser loads: no typings, no Node or workerd entries.
  const skip = /(\.d\.ts|README\.md|package\.json|node(-http)?\.js|workerd\.js|webhooks-(node|workerd)\.js|workers(-window)?\.js)$/;
  cpSync(pkg, join(out, 'pkg'), { recursive: true, filter: (src) => !skip.test(src) });
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`assets in ${buildAssets(process.argv[2] ? resolve(process.argv[2]) : undefined)}`);
}
