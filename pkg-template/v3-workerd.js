// `highlevel-wasm/v3` in Cloudflare Workers (workerd): as workerd.js, over the v3 wasm.
import { initSync } from './highlevel_wasm_v3.js';
import wasm from './highlevel_wasm_v3_bg.wasm';

initSync({ module: wasm });

export { HighLevel, HighLevelError, MemoryTokenStore } from './v3-core.js';
export { default } from './v3-core.js';
