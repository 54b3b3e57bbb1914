// highlevel-wasm/v3 against a scripted peer: what the v3 table adds on the
// wire and in errors: token pagination (`items`, `pagination.nextPageToken`),
// the AIP error envelope, comma-separated query arrays (also in v2), and the
// documented Version per operation (v3, 2021-07-28, none; a lowercase one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HighLevel, HighLevelError } from '../../pkg/v3-node.js';
import * as v2 from '../../pkg/node.js';
import { startPeer, json } from './support.js';

const row = (file, id) => JSON.parse(readFileSync(new URL(`../generated/${file}`, import.meta.url), 'utf8')).smoke.find((r) => r.id === id);
const AIP = { error: { code: 'RESOURCE_NOT_FOUND', message: "The requested App 'gone' was not found.", details: { resource: 'App', identifier: 'gone' }, resolution: 'Verify the App exists and you have permission to access it.' } };
const PAGES = {
  '': { items: [{ _id: 'a' }, { _id: 'b' }], pagination: { nextPageToken: 't2', hasNextPage: true, hasPrevPage: false, currentPageSize: 2 } },
  t2: { items: [{ _id: 'c' }], pagination: { nextPageToken: 't3', hasNextPage: true, hasPrevPage: true, currentPageSize: 1 } },
  t3: { items: [{ _id: 'd' }], pagination: { hasNextPage: false, hasPrevPage: true, currentPageSize: 1 } },
};

let peer, ghl, ghl2;
before(async () => {
  peer = await startPeer((req, body, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/oauth/installed-locations') {
      if (url.searchParams.get('appId') === 'gone') return json(res, 404, AIP);
      return json(res, 200, PAGES[url.searchParams.get('pageToken') ?? '']);
    }
    json(res, 200, {});
  });
  ghl = new HighLevel({ privateIntegrationToken: 'pit-v3', baseUrl: peer.baseUrl, maxRetries: 0 });
  ghl2 = new v2.HighLevel({ privateIntegrationToken: 'pit-v2', baseUrl: peer.baseUrl, maxRetries: 0 });
});
after(() => peer.stop());

const last = () => peer.requests[peer.requests.length - 1];

test('token pagination: each page token is sent back until none comes', async () => {
  peer.requests.length = 0;
  const call = ghl.oauth.getInstalledLocation({ companyId: 'co', appId: 'app', pageSize: 2 });
  assert.deepEqual((await call).items.map((l) => l._id), ['a', 'b'], 'awaited: the first page');
  const ids = [];
  for await (const loc of call) ids.push(loc._id);
  assert.deepEqual(ids, ['a', 'b', 'c', 'd']);
  const tokens = peer.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('pageToken'));
  assert.deepEqual(tokens, [null, 't2', 't3'], 'the first page once, then one request per token');
  for (const r of peer.requests) assert.equal(r.headers.version, 'v3');
});

test('the AIP error envelope maps into HighLevelError', async () => {
  const err = await ghl.oauth.getInstalledLocation({ companyId: 'co', appId: 'gone' }).catch((e) => e);
  assert.ok(err instanceof HighLevelError && err instanceof v2.HighLevelError);
  assert.equal(err.kind, 'not_found');
  assert.equal(err.statusCode, 404);
  assert.equal(err.message, AIP.error.message);
  assert.deepEqual(err.messages, [AIP.error.message]);
  assert.equal(err.code, 'RESOURCE_NOT_FOUND');
  assert.deepEqual(err.details, AIP.error.details);
  assert.equal(err.resolution, AIP.error.resolution);
  assert.equal(err.operationId, 'get-installed-location');
  const plain = JSON.parse(JSON.stringify(err));
  assert.equal(plain.code, 'RESOURCE_NOT_FOUND');
  assert.equal(plain.resolution, AIP.error.resolution);
});

test('explode: false query arrays go comma-separated, in v3 and in v2', async () => {
  for (const [client, file] of [[ghl, 'smoke-v3.json'], [ghl2, 'smoke.json']]) {
    const { params } = row(file, 'fb-get-reporting');
    await client.adManager.fbGetReporting({ ...params, fields: ['clicks', 'spend'] });
    const q = new URL(last().url, 'http://x').search;
    assert.match(q, /[?&]fields=clicks,spend(&|$)/, file);
    assert.doesNotMatch(q, /fields%5B%5D/, file);
  }
  // everything else keeps the SDK's `name[]=` form
  const { params } = row('smoke-v3.json', 'get-slots');
  await ghl.calendars.getSlots({ ...params, userIds: ['u1', 'u2'] });
  assert.match(last().url, /userIds%5B%5D=u1&userIds%5B%5D=u2/);
});

test('each operation sends the Version its spec documents', async () => {
  const cases = [
    ['contacts', 'getContact', { contactId: 'c1' }, 'v3'],
    ['adManager', 'fbGetReporting', { ...row('smoke-v3.json', 'fb-get-reporting').params }, '2021-07-28'],
    ['conversations', 'getEmailById', { id: 'e1' }, undefined],
    // declared as a lowercase `version` header: the same header
    ['phoneSystem', 'activeNumbers', { ...row('smoke-v3.json', 'active-numbers').params }, 'v3'],
  ];
  for (const [svc, method, params, version] of cases) {
    await ghl[svc][method](params);
    assert.equal(last().headers.version, version, `${svc}.${method}`);
  }
});

// Both wasms load the crate's one JS snippet module, which writes each body's
// text into wasm memory: each write must go to the memory of the wasm that
// asked (once, v3's memory kept from its last call got v2's bodies).
test('v2 and v3 in one process: each body is checked and sent by its own wasm', async () => {
  const sent = [];
  const fetch = async (url, init) => {
    sent.push(String(init.body));
    return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const opts = { privateIntegrationToken: 'pit-test', baseUrl: 'http://127.0.0.1:9', fetch };
  const [a, b] = [new v2.HighLevel(opts), new HighLevel(opts)];
  for (let i = 0; i < 3; i++) {
    for (const [label, ghl, Client] of [['v2', a, v2.HighLevel], ['v3', b, HighLevel]]) {
      const body = { locationId: `loc-${label}-${i}`, email: `${label}${i}@example.com` };
      assert.deepEqual(Client.validate('contacts.upsertContact', undefined, body), [], label);
      assert.deepEqual(Client.validate('contacts.upsertContact', undefined, { ...body, email: 7 }).map((x) => x.path), ['email'], label);
      await ghl.contacts.upsertContact(body);
      assert.equal(sent.at(-1), JSON.stringify(body), label);
    }
  }
});
