// `highlevel-wasm/v3` in browsers and bundlers: as browser.js, over the v3 wasm.
import init from './highlevel_wasm_v3.js';

await init({ module_or_path: new URL('./highlevel_wasm_v3_bg.wasm', import.meta.url) });

export { HighLevel, HighLevelError, MemoryTokenStore } from './v3-core.js';
export { default } from './v3-core.js';
