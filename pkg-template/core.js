// The v2 entry's client (`highlevel-wasm`): the shared client code
// (client.js) over the v2 wasm and name table.
import * as wasm from './highlevel_wasm.js';
import * as names from './generated/services.js';
import { makeClient } from './client.js';

export { HighLevelError } from './error.js';
export { MemoryTokenStore } from './token-store.js';

export const { HighLevel, setDefaultFetch } = makeClient(wasm, names);
export default HighLevel;
