// 200 calls in flight at once against the sandbox: all resolve, the state is
// exactly what they asked for, and one instance serves them all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel } from '../../pkg/node.js';
import { startSandbox } from './support.js';

let sb;
before(async () => { sb = await startSandbox(['--burst', '1000']); });
after(() => sb.stop());

test('200 concurrent calls resolve and leave a consistent state', async () => {
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  const [c0, c1, c2] = sb.contacts.map((c) => c.id);
  const users = sb.users.map((u) => u.id);
  const calls = [];
  for (let i = 0; i < 200; i++) {
    switch (i % 4) {
      case 0: calls.push(ghl.contacts.addFollowersContact({ contactId: c1 }, { followers: [users[i % 3]] })); break;
      case 1: calls.push(ghl.contacts.addTags({ contactId: c2 }, { tags: [`t${i}`] })); break;
      case 2: calls.push(ghl.contacts.getContact({ contactId: c0 })); break;
      default: calls.push(ghl.contacts.getContact({ contactId: 'missing0000000000000' }).then(() => 'unexpected', (e) => e.kind));
    }
  }
  const results = await Promise.all(calls);
  assert.equal(results.length, 200);
  assert.equal(results.filter((r) => r === 'not_found').length, 50);
  assert.ok(results.filter((_, i) => i % 4 === 2).every((r) => r.contact.id === c0));
  const state = await sb.state();
  const contact = (id) => state.contacts.find((c) => c.id === id);
  assert.deepEqual([...contact(c1).followers].sort(), [...users].sort());
  assert.equal(contact(c2).tags.filter((t) => /^t\d+$/.test(t)).length, 50);
  // Still healthy afterwards.
  assert.equal((await ghl.contacts.getContact({ contactId: c1 })).contact.id, c1);
});
