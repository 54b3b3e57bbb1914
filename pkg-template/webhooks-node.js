// Node >= 18: the webhooks wasm compiled synchronously at import; WebCrypto
// from node:crypto (Node 18 has no global `crypto` without a flag).
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { initSync } from './webhooks_wasm.js';
import { setSubtle } from './webhooks-core.js';

initSync({ module: readFileSync(new URL('./webhooks_wasm_bg.wasm', import.meta.url)) });
setSubtle(webcrypto.subtle);

export { verifyWebhook, decryptUserContext, requestUserContext, HighLevelError } from './webhooks-core.js';
