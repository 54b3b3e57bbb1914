// Every seed operation through the built package against the real sandbox,
// following the Contact Followers guide's checklist, plus the exact wire
// requests as a scripted peer records them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel } from '../../pkg/node.js';
import { startSandbox, startPeer, json, TRANSPORT } from './support.js';

let sb, ghl, users, contacts;
before(async () => {
  sb = await startSandbox();
  ghl = new HighLevel({ ...TRANSPORT, privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  users = sb.users.map((u) => u.id);
  contacts = sb.contacts.map((c) => c.id);
});
after(() => sb.stop());

test('addFollowersContact resolves to the 201 body and followers behave as a set', async () => {
  await sb.reset();
  const contactId = contacts[1];
  const first = await ghl.contacts.addFollowersContact({ contactId }, { followers: [users[0]] });
  assert.deepEqual(first, { followers: [users[0]], followersAdded: [users[0]] });
  const again = await ghl.contacts.addFollowersContact({ contactId }, { followers: [users[0], users[1], users[2]] });
  assert.deepEqual(again.followers, [users[0], users[1], users[2]]);
  assert.deepEqual(again.followersAdded, [users[1], users[2]]);
  const { contact } = await ghl.contacts.getContact({ contactId });
  assert.equal(contact.id, contactId);
  assert.deepEqual(contact.followers, [users[0], users[1], users[2]]);
});

test('removeFollowersContact ignores non-followers and removes the rest', async () => {
  await sb.reset();
  const contactId = contacts[1];
  await ghl.contacts.addFollowersContact({ contactId }, { followers: [users[0], users[1]] });
  const out = await ghl.contacts.removeFollowersContact({ contactId }, { followers: [users[0], 'notAFollower00000000'] });
  assert.deepEqual(out, { followers: [users[1]], followersRemoved: [users[0]] });
  const state = await sb.state();
  assert.deepEqual(state.contacts.find((c) => c.id === contactId).followers, [users[1]]);
});

test('addTags resolves to all tags on the contact', async () => {
  await sb.reset();
  const out = await ghl.contacts.addTags({ contactId: contacts[2] }, { tags: ['lead', 'webinar', 'lead'] });
  assert.deepEqual(out, { tags: ['lead', 'webinar'] });
});

test('addContactToWorkflow enrolls, with and without eventStartTime', async () => {
  await sb.reset();
  assert.deepEqual(await ghl.contacts.addContactToWorkflow({ contactId: contacts[0], workflowId: sb.workflowId }, { eventStartTime: '2021-06-23T03:30:00+01:00' }), { succeded: true });
  assert.deepEqual(await ghl.contacts.addContactToWorkflow({ contactId: contacts[1], workflowId: sb.workflowId }), { succeded: true });
  const state = await sb.state();
  assert.equal(JSON.stringify(state).includes('2021-06-23T03:30:00+01:00'), true);
});

test('opportunity followers add and remove', async () => {
  await sb.reset();
  const id = sb.opportunityId;
  const added = await ghl.opportunities.addFollowersOpportunity({ id }, { followers: [users[2]] });
  assert.ok(added.followers.includes(users[2]));
  assert.deepEqual(added.followersAdded, [users[2]]);
  const removed = await ghl.opportunities.removeFollowersOpportunity({ id }, { followers: [users[2]] });
  assert.deepEqual(removed.followersRemoved, [users[2]]);
  assert.ok(!removed.followers.includes(users[2]));
});

test('wire requests carry exactly the documented method, path, headers and body', async () => {
  const peer = await startPeer((req, body, res) => json(res, req.method === 'POST' ? 201 : 200, { ok: true }));
  try {
    const g = new HighLevel({ ...TRANSPORT, accessToken: 'oauth-access-1', baseUrl: `${peer.baseUrl}/` });
    await g.contacts.addFollowersContact({ contactId: 'c 1/?#%' }, { followers: ['u1'], extra: { kept: true } });
    await g.contacts.removeFollowersContact({ contactId: 'c1' }, { followers: ['u1'] });
    await g.contacts.addContactToWorkflow({ contactId: 'c1', workflowId: 'w1' }, { eventStartTime: '2021-06-23T03:30:00Z' });
    await g.contacts.addTags({ contactId: 'c1' }, { tags: ['a'] });
    await g.opportunities.addFollowersOpportunity({ id: 'o1' }, { followers: ['u1'] });
    await g.opportunities.removeFollowersOpportunity({ id: 'o1' }, { followers: ['u1'] });
    await g.contacts.getContact({ contactId: 'c1' });
    const seen = peer.requests.map((r) => [r.method, r.url, r.body]);
    assert.deepEqual(seen, [
      ['POST', '/contacts/c%201%2F%3F%23%25/followers', '{"followers":["u1"],"extra":{"kept":true}}'],
      ['DELETE', '/contacts/c1/followers', '{"followers":["u1"]}'],
      ['POST', '/contacts/c1/workflow/w1', '{"eventStartTime":"2021-06-23T03:30:00Z"}'],
      ['POST', '/contacts/c1/tags', '{"tags":["a"]}'],
      ['POST', '/opportunities/o1/followers', '{"followers":["u1"]}'],
      ['DELETE', '/opportunities/o1/followers', '{"followers":["u1"]}'],
      ['GET', '/contacts/c1', ''],
    ]);
    for (const r of peer.requests) {
      assert.equal(r.headers.authorization, 'Bearer oauth-access-1');
      assert.equal(r.headers.version, '2021-07-28');
      assert.equal(r.headers.accept, 'application/json');
      assert.equal(r.headers['content-type'], r.method === 'GET' ? undefined : 'application/json');
    }
  } finally {
    await peer.stop();
  }
});

test('a 204 resolves with no value and the resolved JSON is unchanged', async () => {
  const body = { contact: { id: 'c1', nested: { list: [1, 'two', null], flag: false } }, weird: 'é\u2028' };
  const peer = await startPeer((req, _b, res) => (req.url.endsWith('/empty') ? (res.writeHead(204), res.end()) : json(res, 200, body)));
  try {
    const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 't0k3n', baseUrl: peer.baseUrl });
    assert.deepEqual(await g.contacts.getContact({ contactId: 'c1' }), body);
    assert.equal(await g.contacts.getContact({ contactId: 'empty' }), undefined);
  } finally {
    await peer.stop();
  }
});
