// End to end: the sandbox signs what it delivers, a Node receiver checks every
// delivery with verifyWebhook over the bytes it received; the sandbox's user
// context payloads decrypt with decryptUserContext and with crypto-js itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import CryptoJS from 'crypto-js';
import { HighLevel } from '../../pkg/node.js';
import { verifyWebhook, decryptUserContext, HighLevelError } from '../../pkg/webhooks-node.js';
import { startSandbox } from './support.js';

let sandbox;
let receiver;
const received = [];
const seen = new Set();

/** A webhook endpoint as an app would write one: raw bytes in, verifyWebhook, 200 or 401. */
function startReceiver(publicKey) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const entry = { raw, headers: req.headers };
      try {
        entry.event = await verifyWebhook(raw, req.headers, { publicKey, seen: (id) => seen.has(id) });
        seen.add(entry.event.webhookId);
        res.writeHead(200).end('ok');
      } catch (e) {
        entry.error = e;
        res.writeHead(401).end(e.kind);
      }
      received.push(entry);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function admin(path, body, method = 'POST') {
  const res = await fetch(`${sandbox.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(n) {
  const until = Date.now() + 10_000;
  while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.equal(received.length, n, `deliveries: ${received.map((r) => r.event?.type ?? r.error?.message).join(', ')}`);
}

before(async () => {
  sandbox = await startSandbox();
  receiver = await startReceiver(sandbox.webhooks.ed25519PublicKey);
});

after(async () => {
  if (receiver) { receiver.closeAllConnections(); await new Promise((done) => receiver.close(done)); }
  await sandbox?.stop();
});

test('sandbox → signed webhooks → a Node receiver using verifyWebhook', { timeout: 60_000 }, async () => {
  assert.equal((await admin('/__sandbox/webhooks', { url: 'http://10.0.0.1:80/' })).status, 400);
  assert.equal((await admin('/__sandbox/webhooks', { url: 'http://localhost:80/' })).status, 400);
  const url = `http://127.0.0.1:${receiver.address().port}/hooks/ghl`;
  const sub = await admin('/__sandbox/webhooks', { url });
  assert.equal(sub.status, 201);
  assert.equal(sub.body.keys.ed25519PublicKey, sandbox.webhooks.ed25519PublicKey);

  const ghl = new HighLevel({ privateIntegrationToken: sandbox.token, baseUrl: sandbox.baseUrl });
  const contactId = sandbox.contacts[1].id;
  const userId = sandbox.users[0].id;
  await ghl.contacts.addTags({ contactId }, { tags: ['webhook-test'] });
  await ghl.contacts.addFollowersContact({ contactId }, { followers: [userId] });
  await ghl.contacts.addContactToWorkflow({ contactId, workflowId: sandbox.workflowId }, { eventStartTime: '2026-03-01T12:00:00+00:00' });
  await ghl.contacts.createNote({ contactId }, { body: 'Called back', userId });
  await ghl.contacts.updateContact({ contactId }, { firstName: 'Priya-Updated' });
  await ghl.contacts.createContact({ locationId: sandbox.locationId, firstName: 'New', email: 'new@example.com' });
  assert.equal((await admin('/__sandbox/webhooks/app-install', { appId: 'app-1' })).status, 201);
  assert.equal((await admin('/__sandbox/webhooks/app-uninstall', { appId: 'app-1', companyId: 'company-1' })).status, 201);
  // Refused by the API: nothing applied, nothing delivered.
  await ghl.contacts.addTags({ contactId: 'no-such-contact' }, { tags: ['x'] }).catch(() => {});

  await waitFor(8);
  for (const r of received) assert.equal(r.error, undefined, `${r.error?.kind}: ${r.error?.message}`);
  const events = received.map((r) => r.event);
  assert.deepEqual(events.map((e) => e.type), ['ContactTagUpdate', 'ContactUpdate', 'ContactUpdate', 'NoteCreate', 'ContactUpdate', 'ContactCreate', 'INSTALL', 'UNINSTALL']);
  assert.ok(events[0].tags.includes('webhook-test'));
  assert.equal(events[0].id, contactId);
  assert.deepEqual(events[1].followers, [userId]);
  assert.equal(events[3].body, 'Called back');
  assert.equal(events[3].contactId, contactId);
  assert.equal(events[4].firstName, 'Priya-Updated');
  assert.equal(events[6].appId, 'app-1');
  assert.equal(events[6].locationId, sandbox.locationId);
  assert.equal(events[7].companyId, 'company-1');
  assert.equal(events[7].locationId, undefined);
  for (const e of events) {
    assert.ok(Math.abs(Date.parse(e.timestamp) - Date.now()) < 60_000, e.timestamp);
    assert.match(e.webhookId, /^sbx-wh-/);
  }
  assert.equal(new Set(events.map((e) => e.webhookId)).size, events.length);

  // Both headers on every delivery; the legacy RSA one checks with the sandbox's RSA key.
  const first = received[0];
  assert.ok(first.headers['x-ghl-signature'] && first.headers['x-wh-signature']);
  const viaRsa = await verifyWebhook(first.raw, { 'x-wh-signature': first.headers['x-wh-signature'] }, { rsaPublicKey: sandbox.webhooks.rsaPublicKey });
  assert.equal(viaRsa.webhookId, events[0].webhookId);
  const rawKey = await verifyWebhook(first.raw, first.headers, { publicKey: sandbox.webhooks.ed25519PublicKeyBase64 });
  assert.equal(rawKey.webhookId, events[0].webhookId);
  // The same delivery again is a replay; altered bytes are not HighLevel's.
  const again = await verifyWebhook(first.raw, first.headers, { publicKey: sandbox.webhooks.ed25519PublicKey, seen: (id) => seen.has(id) }).catch((e) => e);
  assert.ok(again instanceof HighLevelError);
  assert.equal(again.kind, 'replay');
  const altered = Buffer.from(first.raw.toString().replace('webhook-test', 'webhook-tesT'));
  const forged = await verifyWebhook(altered, first.headers, { publicKey: sandbox.webhooks.ed25519PublicKey }).catch((e) => e);
  assert.equal(forged.kind, 'signature');

  const log = (await admin('/__sandbox/webhooks', undefined, 'GET')).body;
  assert.deepEqual(log.subscriptions, [url]);
  assert.deepEqual(log.deliveries.map((d) => d.status), Array(8).fill(200));
});

test('sandbox user context decrypts with decryptUserContext and crypto-js', async () => {
  const secret = 'sandbox-shared-secret';
  const user = { userId: 'u-1', companyId: 'c-1', role: 'admin', type: 'location', userName: 'Ava Nguyen', email: 'ava@example.com', activeLocation: sandbox.locationId };
  const { status, body } = await admin('/__sandbox/user-context', { sharedSecret: secret, user });
  assert.equal(status, 200);
  assert.ok(!JSON.stringify(body).includes(secret));
  assert.deepEqual(await decryptUserContext(body.payload, secret), user);
  assert.deepEqual(JSON.parse(CryptoJS.AES.decrypt(body.payload, secret).toString(CryptoJS.enc.Utf8)), user);
  const wrong = await decryptUserContext(body.payload, 'another-secret').catch((e) => e);
  assert.equal(wrong.kind, 'signature');
  // A fresh salt each time.
  const second = await admin('/__sandbox/user-context', { sharedSecret: secret, user });
  assert.notEqual(second.body.payload, body.payload);
  assert.equal((await admin('/__sandbox/user-context', { user })).status, 400);
});
