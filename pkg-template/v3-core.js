// The v3 entry's client (`highlevel-wasm/v3`): the same client code
// (client.js) over the v3 wasm and name table, neither carrying the other's.
import * as wasm from './highlevel_wasm_v3.js';
import * as names from './generated-v3/services.js';
import { makeClient } from './client.js';

export { HighLevelError } from './error.js';
export { MemoryTokenStore } from './token-store.js';

export const { HighLevel, setDefaultFetch } = makeClient(wasm, names);
export default HighLevel;
