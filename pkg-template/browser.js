// Browsers and bundlers: fetch and instantiate the wasm next to this file,
// with top-level await so the import is ready to use.
import init from './highlevel_wasm.js';

await init({ module_or_path: new URL('./highlevel_wasm_bg.wasm', import.meta.url) });

export { HighLevel, HighLevelError, MemoryTokenStore } from './core.js';
export { default } from './core.js';
