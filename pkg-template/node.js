// Node >= 18: compile the wasm synchronously at import, so no init call is needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync } from './highlevel_wasm.js';
import { setDefaultFetch } from './core.js';
import { nodeFetch } from './node-http.js';
import { setRandomSource } from './auth.js';

initSync({ module: readFileSync(new URL('./highlevel_wasm_bg.wasm', import.meta.url)) });
setDefaultFetch(nodeFetch);
// Node 18 has no global `crypto`: OAuth `state` values come from node:crypto there.
if (!globalThis.crypto?.getRandomValues) {
  const { webcrypto } = createRequire(import.meta.url)('node:crypto');
  setRandomSource((n) => webcrypto.getRandomValues(new Uint8Array(n)));
}

export { HighLevel, HighLevelError, MemoryTokenStore } from './core.js';
export { default } from './core.js';
