// Every validation rule: the call rejects with a HighLevelError of kind
// `validation`, lists every problem with its path, and sends nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startPeer, json } from './support.js';

let peer, ghl;
before(async () => {
  peer = await startPeer((req, _b, res) => json(res, 201, { followers: [], followersAdded: [] }));
  ghl = new HighLevel({ privateIntegrationToken: 'pit-valid', baseUrl: peer.baseUrl });
});
after(() => peer.stop());

async function issues(promise) {
  const before = peer.requests.length;
  const err = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(err instanceof HighLevelError && err instanceof Error);
  assert.equal(err.kind, 'validation');
  assert.equal(err.retryable, false);
  assert.equal(peer.requests.length, before, 'no request may leave');
  return err.issues.map((i) => i.path);
}

test('path params: present, strings, non-empty, no dot segments', async () => {
  const c = ghl.contacts;
  assert.deepEqual(await issues(c.addFollowersContact({}, { followers: ['u'] })), ['contactId']);
  assert.deepEqual(await issues(c.addFollowersContact(undefined, { followers: ['u'] })), ['contactId']);
  assert.deepEqual(await issues(c.addFollowersContact({ contactId: '' }, { followers: ['u'] })), ['contactId']);
  assert.deepEqual(await issues(c.addFollowersContact({ contactId: 42 }, { followers: ['u'] })), ['contactId']);
  assert.deepEqual(await issues(c.addFollowersContact({ contactId: null }, { followers: ['u'] })), ['contactId']);
  assert.deepEqual(await issues(c.getContact({ contactId: '.' })), ['contactId']);
  assert.deepEqual(await issues(c.getContact({ contactId: '..' })), ['contactId']);
  assert.deepEqual(await issues(c.addContactToWorkflow({ contactId: 'c' }, {})), ['workflowId']);
  assert.deepEqual(await issues(ghl.opportunities.addFollowersOpportunity({ id: ['x'] }, { followers: ['u'] })), ['id']);
});

test('followers and tags: required, non-empty arrays of non-empty strings', async () => {
  const c = ghl.contacts;
  const p = { contactId: 'c1' };
  assert.deepEqual(await issues(c.addFollowersContact(p)), ['body']);
  assert.deepEqual(await issues(c.addFollowersContact(p, {})), ['followers']);
  assert.deepEqual(await issues(c.addFollowersContact(p, { followers: [] })), ['followers']);
  assert.deepEqual(await issues(c.addFollowersContact(p, { followers: 'u1' })), ['followers']);
  assert.deepEqual(await issues(c.removeFollowersContact(p, { followers: ['ok', '', 7, null] })), ['followers[1]', 'followers[2]', 'followers[3]']);
  assert.deepEqual(await issues(c.addTags(p, { tags: [] })), ['tags']);
  assert.deepEqual(await issues(c.addTags(p, { tags: [''] })), ['tags[0]']);
  assert.deepEqual(await issues(ghl.opportunities.removeFollowersOpportunity({ id: 'o' }, { followers: [{}] })), ['followers[0]']);
});

test('every problem is listed at once, with its path', async () => {
  const err = await ghl.contacts.addFollowersContact({ contactId: '' }, { followers: ['a', ''] }).catch((e) => e);
  assert.deepEqual(err.issues.map((i) => i.path), ['contactId', 'followers[1]']);
  for (const i of err.issues) assert.ok(typeof i.message === 'string' && i.message.length > 0);
  assert.match(err.message, /contactId/);
  assert.match(err.message, /followers\[1\]/);
  assert.equal(err.operationId, 'add-followers-contact');
  assert.equal(err.method, 'POST');
});

test('eventStartTime must be RFC 3339 with Z or an offset', async () => {
  const p = { contactId: 'c', workflowId: 'w' };
  for (const bad of ['2021-06-23T03:30:00', '2021-06-23', 'tomorrow', '2021-02-30T00:00:00Z', '2021-06-23T03:30:00+0100', 1624415400]) {
    assert.deepEqual(await issues(ghl.contacts.addContactToWorkflow(p, { eventStartTime: bad })), ['eventStartTime'], String(bad));
  }
  for (const good of ['2021-06-23T03:30:00+01:00', '2021-06-23T03:30:00Z', '2021-06-23T03:30:00.5-05:30']) {
    await ghl.contacts.addContactToWorkflow(p, { eventStartTime: good });
  }
});

test('the token: non-empty, no control characters, never echoed', async () => {
  for (const [config, path] of [
    [{}, 'accessToken'],
    [{ privateIntegrationToken: '' }, 'privateIntegrationToken'],
    [{ accessToken: '   ' }, 'accessToken'],
    [{ accessToken: 'abc\r\nX-Injected: 1' }, 'accessToken'],
    [{ privateIntegrationToken: 'tok\u0000en' }, 'privateIntegrationToken'],
  ]) {
    const g = new HighLevel({ ...config, baseUrl: peer.baseUrl });
    const err = await g.contacts.getContact({ contactId: 'c1' }).catch((e) => e);
    assert.equal(err.kind, 'validation');
    assert.deepEqual(err.issues.map((i) => i.path), [path]);
    assert.ok(!JSON.stringify(err).includes('X-Injected'));
  }
  assert.equal(peer.requests.length, peer.requests.filter((r) => r.headers.authorization === 'Bearer pit-valid').length);
});

test('fields the schema does not name pass through untouched', async () => {
  const before = peer.requests.length;
  await ghl.contacts.addFollowersContact({ contactId: 'c1', unknownParam: 1 }, { followers: ['u'], note: { deep: [1, { x: null }] } });
  assert.equal(peer.requests[before].body, '{"followers":["u"],"note":{"deep":[1,{"x":null}]}}');
  assert.equal(peer.requests[before].url, '/contacts/c1/followers');
});
