// Browsers and bundlers: the webhooks wasm fetched next to this file with
// top-level await; WebCrypto is the page's (secure contexts only).
import init from './webhooks_wasm.js';
import { setSubtle } from './webhooks-core.js';

await init({ module_or_path: new URL('./webhooks_wasm_bg.wasm', import.meta.url) });
setSubtle(globalThis.crypto?.subtle);

export { verifyWebhook, decryptUserContext, requestUserContext, HighLevelError } from './webhooks-core.js';
