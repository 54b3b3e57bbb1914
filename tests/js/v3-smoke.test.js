// All 627 operations of `highlevel-wasm/v3` through the built package against
// the sandbox (which serves v3 beside v2, picking by the Version header), with
// the generated schema-valid inputs (tests/generated/smoke-v3.json): each call
// carries its documented Version (v3, 2021-07-28 or none) and resolves to the
// documented example (sandbox/src/generated/responses-v3.json). Then every
// operation with a required body field is refused without it, before sending.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HighLevel, HighLevelError } from '../../pkg/v3-node.js';
import * as v2 from '../../pkg/node.js';
import { shapes } from '../../pkg/highlevel_wasm_v3.js';
import { startSandbox } from './support.js';
import { everyOperation, refusedWithoutRequired } from './smoke-support.js';

const read = (rel) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
const SMOKE = read('../generated/smoke-v3.json').smoke;
const RESPONSES = read('../../sandbox/src/generated/responses-v3.json').responses;

// Where v2 has the same route under the same documented Version (2021-07-28
// in both, or none), neither the sandbox nor the API can tell the versions
// apart: the sandbox answers v2's row when both accept the request, so v2's
// documented answer counts too.
const route = (r) => `${r.httpMethod} ${r.path.replace(/\{[^}]*\}/g, '{}')} ${r.version}`;
const V2_SMOKE = read('../generated/smoke.json').smoke;
const V2_RESPONSES = read('../../sandbox/src/generated/responses.json').responses;
const TIED = new Map(V2_SMOKE.map((r) => [route(r), V2_RESPONSES[r.index].example ?? undefined]));
const alsoAccept = (row) => (TIED.has(route(row)) ? [TIED.get(route(row))] : []);

let sb, ghl, shape, lastVersion;
before(async () => {
  sb = await startSandbox(['--burst', '100000']);
  // A fetch that notes the Version header of every request it sends.
  const fetch = (url, init) => {
    lastVersion = init?.headers?.Version;
    return globalThis.fetch(url, init);
  };
  ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch });
  shape = shapes();
});
after(() => sb.stop());

test('the v3 entry has its own table and the shared error class', () => {
  assert.equal(SMOKE.length, 627);
  assert.equal(shape.length, 627);
  assert.equal(HighLevelError, v2.HighLevelError, 'one error class for every entry');
  assert.notEqual(HighLevel, v2.HighLevel);
  assert.equal(typeof ghl.chatWidget.listChatWidget, 'function', 'a v3-only service');
  assert.equal(new v2.HighLevel({ privateIntegrationToken: 't' }).chatWidget, undefined, 'not in v2');
  // names carried over from v2 where the operation continues a v2 one
  assert.equal(typeof ghl.contacts.addFollowersContact, 'function');
  assert.equal(typeof ghl.oauth.getLocationAccessToken, 'function');
});

test('every v3 operation resolves to its documented example, with its documented Version', async () => {
  await everyOperation({ sb, ghl, HighLevelError, shape, smoke: SMOKE, responses: RESPONSES, sentVersion: () => lastVersion, alsoAccept, title: 'v3 smoke' });
});

test('a missing required body field is refused before sending (v3)', async () => {
  await refusedWithoutRequired({ sb, ghl, HighLevelError, shape, smoke: SMOKE });
});
