// Cloudflare Workers (workerd): the bundler hands the .wasm over as a compiled
// WebAssembly.Module; instantiate it synchronously.
import { initSync } from './highlevel_wasm.js';
import wasm from './highlevel_wasm_bg.wasm';

initSync({ module: wasm });

export { HighLevel, HighLevelError, MemoryTokenStore } from './core.js';
export { default } from './core.js';
