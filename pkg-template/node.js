// Node >= 18: compile the wasm synchronously at import, so no init call is needed.
import { readFileSync } from 'node:fs';
import { initSync } from './highlevel_wasm.js';
import { setDefaultFetch } from './core.js';
import { nodeFetch } from './node-http.js';

initSync({ module: readFileSync(new URL('./highlevel_wasm_bg.wasm', import.meta.url)) });
setDefaultFetch(nodeFetch);

export { HighLevel, HighLevelError } from './core.js';
export { default } from './core.js';
