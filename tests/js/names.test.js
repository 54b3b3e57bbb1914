// The generated surface against the official SDK (`@gohighlevel/api-client`,
// a dev dependency): service and method names, parameters and call shapes
// differ only where codegen/NAMES.md says why, and every generated method
// exists on a real client in the shape the SDK calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HighLevel } from '../../pkg/node.js';
import { HighLevel as HighLevelV3 } from '../../pkg/v3-node.js';
import { shapes } from '../../pkg/highlevel_wasm.js';
import { shapes as shapesV3 } from '../../pkg/highlevel_wasm_v3.js';
import { compare, documented, readSdk, SHAPES } from '../../codegen/compare-names.mjs';

const SDK = fileURLToPath(new URL('../../node_modules/@gohighlevel/api-client/dist', import.meta.url));
// codegen's names of every operation: { index, id, service, method, params, body }
const rows = (file) => JSON.parse(readFileSync(new URL(`../generated/${file}`, import.meta.url), 'utf8')).smoke;

test('NAMES.md lists each difference with a reason', () => {
  const known = documented();
  assert.deepEqual([...known.keys()].sort(), [
    'sdk-only method oauth.refreshToken',
    'sdk-only service chatWidget',
    'sdk-only service files',
  ]);
  for (const [key, { reason }] of known) assert.ok(reason.length > 20, `${key}: reason`);
});

test('names, params and shapes match the SDK except for the documented differences', async () => {
  const r = await compare(SDK);
  assert.deepEqual(r.unexpected, [], 'differences not in codegen/NAMES.md');
  assert.deepEqual(r.stale, [], 'NAMES.md entries the comparison no longer finds');
  assert.deepEqual(r.rows.map((x) => x.diff).sort(), [...documented().keys()].sort());
  assert.equal(r.methods, 576);
  assert.equal(r.shapesCompared, 576, 'every generated method has an SDK counterpart');
  assert.deepEqual(r.byShape, [1, 313, 96, 166]);
  assert.equal(r.byShape.reduce((a, b) => a + b), 576, 'no shape differs');
});

test('every generated method is a function on new HighLevel(), in the SDK call shape', () => {
  const sdk = readSdk(SDK);
  const table = shapes();
  const ghl = new HighLevel({ privateIntegrationToken: 'pit-test' });
  let n = 0;
  for (const { service, method, index } of rows('smoke.json')) {
    assert.equal(typeof ghl[service], 'object', service);
    const name = `${service}.${method}`;
    const fn = ghl[service][method];
    assert.equal(typeof fn, 'function', name);
    const shape = table[index];
    // what the wasm hands core.js is what the SDK's method takes...
    assert.equal(SHAPES[shape], sdk.get(service)?.get(method)?.args, name);
    // ...and core.js builds the method with that many arguments
    assert.equal(fn.length, [1, 2, 2, 3][shape], name);
    n++;
  }
  assert.equal(n, 576);
  assert.equal(table.length, 576);
});

// The wasm names most methods (its rule on each row's id, src/names.rs),
// services.js the rest (NAMED): together exactly codegen's names, each
// method calling its own row (the error names the row's operationId).
for (const [label, Client, table, file, count] of [['v2', HighLevel, shapes, 'smoke.json', 576], ['v3', HighLevelV3, shapesV3, 'smoke-v3.json', 627]]) {
  test(`${label}: the client's methods are codegen's, each calling its own operation`, async () => {
    const fetch = async () => new Response('{"message":"no"}', { status: 404, headers: { 'content-type': 'application/json' } });
    const ghl = new Client({ privateIntegrationToken: 'pit-test', baseUrl: 'http://127.0.0.1:9', fetch, maxRetries: 0, rateLimit: false });
    const shape = table();
    const names = new Map();
    for (const r of rows(file)) {
      const name = `${r.service}.${r.method}`;
      const svc = ghl[r.service];
      const fn = svc?.[r.method];
      assert.equal(typeof fn, 'function', name);
      const e = await fn.apply(svc, [[], [r.params], [r.body], [r.params, r.body]][shape[r.index]]).then(() => null, (x) => x);
      assert.equal(e?.operationId, r.id, name);
      assert.deepEqual(Client.validate(name, r.params, r.body), [], name);
      names.set(r.service, [...(names.get(r.service) ?? []), r.method]);
    }
    assert.equal([...names.values()].flat().length, count);
    for (const [service, methods] of names) assert.deepEqual(Object.keys(Object.getPrototypeOf(ghl[service])), methods, service);
    const getters = Object.entries(Object.getOwnPropertyDescriptors(Client.prototype)).filter(([k, d]) => d.get && !['auth', 'rateLimit'].includes(k));
    assert.deepEqual(getters.map(([k]) => k).sort(), [...names.keys()].sort(), 'the service properties');
  });
}

test('each shape routes its arguments: params to the URL, requestBody to the body', async () => {
  const sent = [];
  const fetch = async (url, init) => {
    const tag = new Headers(init.headers).get('x-tag') ?? undefined;
    sent.push({ url: String(url), method: init.method, body: init.body === undefined ? undefined : String(init.body), tag });
    return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const ghl = new HighLevel({ privateIntegrationToken: 'pit-test', baseUrl: 'http://127.0.0.1:9', fetch });
  const options = (tag) => ({ headers: { 'x-tag': tag } });
  await ghl.marketplace.hasFunds(options('0'));
  await ghl.contacts.getContact({ contactId: 'c1' }, options('1'));
  await ghl.contacts.upsertContact({ locationId: 'loc1', email: 'jane@example.com' }, options('2'));
  await ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: ['u1'] }, options('3'));
  await ghl.contacts.addContactToWorkflow({ contactId: 'c1', workflowId: 'w1' });
  const at = (path) => `http://127.0.0.1:9${path}`;
  assert.deepEqual(sent, [
    { url: at('/marketplace/billing/charges/has-funds'), method: 'GET', body: undefined, tag: '0' },
    { url: at('/contacts/c1'), method: 'GET', body: undefined, tag: '1' },
    { url: at('/contacts/upsert'), method: 'POST', body: '{"locationId":"loc1","email":"jane@example.com"}', tag: '2' },
    { url: at('/contacts/c1/followers'), method: 'POST', body: '{"followers":["u1"]}', tag: '3' },
    { url: at('/contacts/c1/workflow/w1'), method: 'POST', body: undefined, tag: undefined },
  ]);
});
