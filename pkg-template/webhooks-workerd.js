// Cloudflare Workers (workerd): the bundler hands the .wasm over as a compiled
// WebAssembly.Module; WebCrypto is the global one.
import { initSync } from './webhooks_wasm.js';
import wasm from './webhooks_wasm_bg.wasm';
import { setSubtle } from './webhooks-core.js';

initSync({ module: wasm });
setSubtle(globalThis.crypto?.subtle);

export { verifyWebhook, decryptUserContext, requestUserContext, HighLevelError } from './webhooks-core.js';
