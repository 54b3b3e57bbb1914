// All 576 operations through the built package against the real sandbox,
// with the generated schema-valid inputs (tests/generated/smoke.json): every
// call must resolve to the documented example (sandbox/src/generated/
// responses.json). Then every operation with a required body field, called
// without it, must be refused by the client before anything is sent.
// (The v3 entry's twin: v3-smoke.test.js; both run smoke-support.js.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { shapes } from '../../pkg/highlevel_wasm.js';
import { startSandbox } from './support.js';
import { everyOperation, refusedWithoutRequired } from './smoke-support.js';

const read = (rel) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
const SMOKE = read('../generated/smoke.json').smoke;
const RESPONSES = read('../../sandbox/src/generated/responses.json').responses;

let sb, ghl, shape;
before(async () => {
  sb = await startSandbox(['--burst', '100000']);
  ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  shape = shapes(); // per table row: bit 0 = takes params, bit 1 = takes a body
});
after(() => sb.stop());

test('every operation resolves to its documented example', async () => {
  assert.equal(SMOKE.length, 576);
  await everyOperation({ sb, ghl, HighLevelError, shape, smoke: SMOKE, responses: RESPONSES });
});

test('a missing required body field is refused before sending', async () => {
  await refusedWithoutRequired({ sb, ghl, HighLevelError, shape, smoke: SMOKE });
});
