// A caller's own error may quote the client's token (a getter or toJSON that
// throws with it in the message): the HighLevelError that reports the
// problem names where it happened but never carries the token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel, HighLevelError } from '../../pkg/node.js';

const TOKEN = 'pit-ECHOED-token-4b1d9e07';
const SECRET = 'client-ECHOED-secret-77aa21';
const sent = [];
const fetch = async (url) => {
  sent.push(String(url));
  return new Response('{"contact":{"id":"c1"}}', { status: 200, headers: { 'content-type': 'application/json' } });
};
const boom = (where) => { throw new Error(`${where} failed with ${TOKEN} and ${SECRET}`); };
const shown = (e) => [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.issues)].join('\n');

test('a thrown message quoting the token or a client secret is scrubbed from the error', async () => {
  const ghl = new HighLevel({ privateIntegrationToken: TOKEN, fetch, maxRetries: 0 });
  new HighLevel({ clientId: 'cid', clientSecret: SECRET, fetch });
  const cases = {
    params: () => ghl.contacts.getContact({ get contactId() { return boom('params'); } }),
    body: () => ghl.contacts.upsertContact({ locationId: 'L', get email() { return boom('body'); } }),
    toJSON: () => ghl.contacts.upsertContact({ locationId: 'L', toJSON: () => boom('toJSON') }),
    options: () => ghl.contacts.getContact({ contactId: 'abc' }, { get signal() { return boom('options'); } }),
    request: () => ghl.request({ method: 'POST', url: '/contacts/', get body() { return boom('request'); } }),
  };
  for (const [name, call] of Object.entries(cases)) {
    const e = await call().then(() => assert.fail(`${name}: resolved`), (x) => x);
    assert.ok(e instanceof HighLevelError, name);
    assert.equal(e.kind, 'validation', name);
    const text = shown(e);
    assert.match(text, /failed with \[REDACTED\]/, `${name}: the message still says what happened`);
    assert.ok(!text.includes(TOKEN) && !text.includes(SECRET), `${name}: ${text}`);
  }
  assert.equal(sent.length, 0, 'nothing was sent');
  const ok = await ghl.contacts.getContact({ contactId: 'abc' });
  assert.equal(ok.contact.id, 'c1');
});
