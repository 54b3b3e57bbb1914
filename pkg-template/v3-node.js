// `highlevel-wasm/v3` in Node >= 18: as node.js, over the v3 wasm.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync } from './highlevel_wasm_v3.js';
import { setDefaultFetch } from './v3-core.js';
import { nodeFetch } from './node-http.js';
import { setRandomSource } from './auth.js';

initSync({ module: readFileSync(new URL('./highlevel_wasm_v3_bg.wasm', import.meta.url)) });
setDefaultFetch(nodeFetch);
// Node 18 has no global `crypto`: OAuth `state` values come from node:crypto there.
if (!globalThis.crypto?.getRandomValues) {
  const { webcrypto } = createRequire(import.meta.url)('node:crypto');
  setRandomSource((n) => webcrypto.getRandomValues(new Uint8Array(n)));
}

export { HighLevel, HighLevelError, MemoryTokenStore } from './v3-core.js';
export { default } from './v3-core.js';
