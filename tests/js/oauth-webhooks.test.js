// The app's INSTALL / UNINSTALL webhooks end to end: the sandbox signs and
// delivers them, a receiver verifies each with verifyWebhook and hands it to
// ghl.auth.handleInstall / handleUninstall, and the location's session
// appears and goes away accordingly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { HighLevel } from '../../pkg/node.js';
import { verifyWebhook } from '../../pkg/webhooks-node.js';
import { startSandbox } from './support.js';

let sb;
let receiver;
let ghl;
const handled = [];

function startReceiver(publicKey) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const event = await verifyWebhook(Buffer.concat(chunks), req.headers, { publicKey });
        const out = event.type === 'INSTALL' ? await ghl.auth.handleInstall(event) : event.type === 'UNINSTALL' ? await ghl.auth.handleUninstall(event) : null;
        handled.push({ type: event.type, out });
        res.writeHead(200).end('ok');
      } catch (e) {
        handled.push({ error: e });
        res.writeHead(500).end(String(e.kind));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const admin = (path, body) => fetch(`${sb.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);

async function waitFor(n) {
  const until = Date.now() + 10_000;
  while (handled.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.equal(handled.length, n, JSON.stringify(handled.map((h) => h.type ?? h.error?.message)));
}

before(async () => {
  sb = await startSandbox();
  receiver = await startReceiver(sb.webhooks.ed25519PublicKey);
  ghl = new HighLevel({ clientId: sb.clientId, clientSecret: sb.clientSecret, baseUrl: sb.baseUrl, marketplaceUrl: sb.baseUrl });
});

after(async () => {
  if (receiver) { receiver.closeAllConnections(); await new Promise((done) => receiver.close(done)); }
  await sb?.stop();
});

test('INSTALL mints the location session from the stored company session; UNINSTALL deletes it', { timeout: 60_000 }, async () => {
  const { url, state } = ghl.auth.authorizationUrl({ redirectUri: 'https://app.test/cb', scopes: ['contacts.readonly'] });
  const back = new URL((await fetch(`${url}&user_type=Company`, { redirect: 'manual' })).headers.get('location'));
  await ghl.auth.exchangeCode({ code: back.searchParams.get('code'), state: back.searchParams.get('state'), expectedState: state });
  assert.equal(await admin('/__sandbox/webhooks', { url: `http://127.0.0.1:${receiver.address().port}/hooks` }), 201);

  const key = `location:${sb.locationId}`;
  assert.equal(await ghl.auth.session(key), undefined);
  assert.equal(await admin('/__sandbox/webhooks/app-install', { appId: 'app-1', companyId: sb.companyId, locationId: sb.locationId }), 201);
  await waitFor(1);
  assert.equal(handled[0].out?.key, key, JSON.stringify(handled[0]));
  const contact = await ghl.forLocation(sb.locationId).contacts.getContact({ contactId: sb.contacts[0].id });
  assert.equal(contact.contact.id, sb.contacts[0].id);

  // An agency-level INSTALL has no location to mint for.
  assert.equal(await admin('/__sandbox/webhooks/app-install', { appId: 'app-1', companyId: sb.companyId }), 201);
  await waitFor(2);
  assert.deepEqual(handled[1], { type: 'INSTALL', out: undefined });

  assert.equal(await admin('/__sandbox/webhooks/app-uninstall', { appId: 'app-1', locationId: sb.locationId }), 201);
  await waitFor(3);
  assert.deepEqual(handled[2], { type: 'UNINSTALL', out: undefined });
  assert.equal(await ghl.auth.session(key), undefined);
  assert.ok(await ghl.auth.session(`company:${sb.companyId}`), 'the company session stays');
});
