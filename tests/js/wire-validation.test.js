// What is validated is what is sent: a JSON body is serialized once
// (JSON.stringify, so toJSON is honoured and every getter is read once), the
// wasm core validates that text, and the same text goes on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel } from '../../pkg/node.js';
import { startPeer, json } from './support.js';

let peer, ghl;
before(async () => {
  peer = await startPeer((req, _b, res) => json(res, 201, { followers: [], followersAdded: [] }));
  ghl = new HighLevel({ privateIntegrationToken: 'pit-valid', baseUrl: peer.baseUrl });
});
after(() => peer.stop());

const sent = async (promise) => {
  const n = peer.requests.length;
  await promise;
  assert.equal(peer.requests.length, n + 1);
  return peer.requests[n].body;
};
const refused = async (promise) => {
  const n = peer.requests.length;
  const err = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.equal(err.kind, 'validation');
  assert.equal(peer.requests.length, n, 'nothing may leave');
  return err.issues;
};

test('a getter that answers differently twice: the wire carries what was validated', async () => {
  let reads = 0;
  const body = { get followers() { reads++; return reads === 1 ? ['u1'] : []; } };
  assert.equal(await sent(ghl.contacts.addFollowersContact({ contactId: 'c1' }, body)), '{"followers":["u1"]}');
  assert.equal(reads, 1, 'read once');
  // The other way round: the first answer is invalid, so nothing is sent.
  let n = 0;
  const flip = { get followers() { n++; return n === 1 ? [] : ['u1']; } };
  assert.deepEqual((await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, flip))).map((i) => i.path), ['followers']);
});

test('toJSON is honoured: a Date in a date-time field is valid and sent as its ISO string', async () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const body = await sent(ghl.contacts.addContactToWorkflow({ contactId: 'c', workflowId: 'w' }, { eventStartTime: at }));
  assert.equal(body, '{"eventStartTime":"2026-01-02T03:04:05.000Z"}');
  assert.deepEqual(HighLevel.validate('contacts.addContactToWorkflow', { contactId: 'c', workflowId: 'w' }, { eventStartTime: at }), []);
  const custom = { toJSON: () => ({ followers: ['from-toJSON'] }) };
  assert.equal(await sent(ghl.contacts.addFollowersContact({ contactId: 'c1' }, custom)), '{"followers":["from-toJSON"]}');
  const bad = { eventStartTime: new Date(NaN) }; // toJSON gives null
  assert.deepEqual((await refused(ghl.contacts.addContactToWorkflow({ contactId: 'c', workflowId: 'w' }, bad))).map((i) => i.path), ['eventStartTime']);
});

test('a cycle, a BigInt or a throwing getter is a validation issue at its path, not a TypeError', async () => {
  const cyc = { followers: ['u1'], note: { deep: [{}] } };
  cyc.note.deep[0].back = cyc;
  let issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, cyc));
  assert.deepEqual(issues.map((i) => i.path), ['note.deep[0].back']);
  assert.match(issues[0].message, /cycle/);
  issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: ['u1', 2n] }));
  assert.deepEqual(issues.map((i) => [i.path, /BigInt/.test(i.message)]), [['followers[1]', true]]);
  issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: ['u'], get x() { throw new Error('boom'); } }));
  assert.deepEqual(issues.map((i) => i.path), ['x']);
  assert.match(issues[0].message, /boom/);
  // Params problems are still listed, before the body's.
  issues = await refused(ghl.contacts.addFollowersContact({ contactId: '' }, { followers: [1n] }));
  assert.deepEqual(issues.map((i) => i.path), ['contactId', 'followers[0]']);
  assert.deepEqual(HighLevel.validate('contacts.addFollowersContact', { contactId: 'c1' }, { followers: [3n] }).map((i) => i.path), ['followers[0]']);
  // Deeper than the parser goes: one issue, nothing sent.
  let deep = [];
  for (let i = 0; i < 1000; i++) deep = [deep];
  issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: ['u'], deep }));
  assert.deepEqual(issues.map((i) => [i.path, i.message]), [['body', 'is nested too deeply to check']]);
  // A body JSON cannot carry at all.
  issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, () => 1));
  assert.deepEqual(issues.map((i) => i.path), ['body']);
});

test('values JSON.stringify leaves out or turns into null are validated as sent', async () => {
  // undefined and functions are left out of objects: a required field is missing.
  let issues = await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: undefined }));
  assert.deepEqual(issues.map((i) => [i.path, i.message]), [['followers', 'is required']]);
  // NaN becomes null.
  issues = await refused(ghl.contacts.addContactToWorkflow({ contactId: 'c', workflowId: 'w' }, { eventStartTime: NaN }));
  assert.deepEqual(issues.map((i) => i.path), ['eventStartTime']);
  // Unknown members pass through untouched, escapes included.
  const body = { followers: ['ü "q" \\ \n'], extra: { 'k"ey': [1.5, -2e-7, null, true] } };
  assert.equal(await sent(ghl.contacts.addFollowersContact({ contactId: 'c1' }, body)), JSON.stringify(body));
});

test('large and non-ASCII bodies cross whole', async () => {
  const followers = Array.from({ length: 3000 }, (_, i) => `ü-${i}-€-😀`);
  const body = { followers, note: 'ß'.repeat(5000) };
  assert.equal(await sent(ghl.contacts.addFollowersContact({ contactId: 'c1' }, body)), JSON.stringify(body));
  const bad = { followers: [...followers, ''] };
  assert.deepEqual((await refused(ghl.contacts.addFollowersContact({ contactId: 'c1' }, bad))).map((i) => i.path), ['followers[3000]']);
  assert.equal(await sent(ghl.contacts.addFollowersContact({ contactId: 'c1' }, { followers: ['small'] })), '{"followers":["small"]}');
});

test('HighLevel.validate gives the same issues as a call', async () => {
  const upsert = { locationId: 'l', email: 42, dnd: 'no', dndSettings: { Call: { status: 'sometimes' } }, customFields: [{ id: 'f', field_value: ['a'] }, { field_value: 'x' }] };
  const viaCall = await refused(ghl.contacts.upsertContact(upsert));
  const viaValidate = HighLevel.validate('contacts.upsertContact', undefined, upsert);
  assert.deepEqual(viaValidate, viaCall.map(({ path, message }) => ({ path, message })));
  assert.deepEqual(viaValidate.map((i) => i.path), ['customFields[1].id', 'dnd', 'dndSettings.Call.status', 'email']);
});
