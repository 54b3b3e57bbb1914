// The example app (www/worker) in real workerd (Miniflare, Durable Objects
// real), against the sandbox allowing 20 requests per 1,000 ms. Two Workers
// bound to the same objects stand for two isolates: requests are split
// between them, so only the Durable Objects can keep the budget and the
// refresh lock. 429s are counted from the sandbox's own log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { ROOT, startApp } from '../../www/dev/start.mjs';

const BURST = 20;
const INTERVAL_MS = 1000;
let app;
let context; // an encrypted user context for the seeded location's admin

before(async () => {
  app = await startApp({ sandboxArgs: ['--burst', String(BURST), '--interval-ms', String(INTERVAL_MS), '--log'], subscribe: false, assetsDir: join(ROOT, 'target/test-output/workers-app-assets-workerd') });
  context = await app.userContext();
});
after(async () => { await app?.stop(); });

// Half the requests to the first Worker over HTTP, half to the second one.
const send = (i, path, init = {}) => (i % 2 ? app.app2.fetch(`${app.appUrl}${path}`, init) : fetch(`${app.appUrl}${path}`, init));
const apiInit = (payload) => ({ method: payload ? 'POST' : 'GET', headers: { 'x-user-context': context, 'content-type': 'application/json' }, body: payload ? JSON.stringify(payload) : undefined });
const oauth = () => fetch(`${app.sandbox.baseUrl}/__sandbox/oauth`).then((r) => r.json());
const count = (re) => app.sandbox.lines.filter((l) => re.test(l)).length;

/** The consent round trip a browser makes: start → consent screen → callback, the state cookie carried. */
async function install(userType) {
  const start = await fetch(`${app.appUrl}/oauth/start${userType ? `?user_type=${userType}` : ''}`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  const cookie = start.headers.get('set-cookie').split(';')[0];
  const consent = await fetch(start.headers.get('location'), { redirect: 'manual' });
  assert.equal(consent.status, 302);
  const back = consent.headers.get('location');
  assert.ok(back.startsWith(`${app.appUrl}/oauth/callback?`), back);
  const res = await fetch(back, { headers: { cookie } });
  return { status: res.status, text: await res.text(), back, cookie };
}

async function session(i = 0) {
  const res = await send(i, '/api/session', apiInit());
  assert.equal(res.status, 200);
  return res.json();
}

test('OAuth install through the Worker: state checked, session stored in the Durable Object', async () => {
  assert.equal((await session()).installed, false);
  const { status, text, back, cookie } = await install();
  assert.equal(status, 200, text);
  assert.match(text, /Installed for location/);
  assert.deepEqual([(await session(0)).installed, (await session(1)).installed], [true, true]);
  // The same callback again, or without the cookie: refused before anything is sent.
  const before = (await oauth()).codeExchanges;
  const noCookie = await fetch(back);
  assert.equal(noCookie.status, 400);
  assert.match(await noCookie.text(), /state/);
  assert.equal((await oauth()).codeExchanges, before);
  assert.ok(cookie.startsWith('ghl_oauth_state='));
  // The page's API refuses a missing or forged user context.
  assert.equal((await send(0, '/api/session', { headers: { 'x-user-context': 'U2FsdGVkX1+AAAAAAAAAAA==' } })).status, 401);
  assert.equal((await send(1, '/api/session')).status, 401);
});

test('300 API calls over 30 concurrent requests to two isolates: zero 429s, at least 90 % of the allowed rate', { timeout: 60_000 }, async () => {
  const contacts = app.sandbox.contacts.map((c) => c.id);
  const before429 = count(/ -> 429 /);
  const beforeGets = count(/^GET \/contacts\/\S+ -> 200 get-contact/);
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => {
    const calls = Array.from({ length: 10 }, (_, j) => ({ params: { contactId: contacts[(i + j) % contacts.length] } }));
    return send(i, '/api/bulk', apiInit({ op: 'contacts.getContact', calls })).then(async (r) => ({ status: r.status, body: await r.json() }));
  }));
  const elapsed = Date.now() - started;
  for (const a of answers) {
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.succeeded, 10, JSON.stringify(a.body.results.find((r) => !r.ok)));
  }
  assert.equal(count(/ -> 429 /) - before429, 0, 'the sandbox answered 429');
  assert.equal(count(/^GET \/contacts\/\S+ -> 200 get-contact/) - beforeGets, 300);
  // The first BURST go at once; the rest at BURST per INTERVAL_MS at best.
  const ideal = ((300 - BURST) / BURST) * INTERVAL_MS;
  const share = ideal / elapsed;
  console.log(`# 300 calls in ${elapsed} ms: ${((300 - BURST) / (elapsed / 1000)).toFixed(1)} per s after the burst, ${(share * 100).toFixed(1)} % of the allowed ${BURST} per ${INTERVAL_MS} ms`);
  assert.ok(share >= 0.9, `only ${(share * 100).toFixed(1)} % of the allowed rate`);
});

test('40 concurrent requests on an expired session: exactly one refresh reaches the sandbox', { timeout: 30_000 }, async () => {
  const before = await oauth();
  assert.equal((await fetch(`${app.sandbox.baseUrl}/__sandbox/oauth/expire`, { method: 'POST' })).status, 200);
  const contactId = app.sandbox.contacts[0].id;
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    send(i, '/api/call', apiInit({ op: 'contacts.getContact', params: { contactId } })).then(async (r) => ({ status: r.status, body: await r.json() }))));
  for (const a of answers) assert.equal(a.body.value?.contact?.id, contactId, JSON.stringify(a.body));
  const now = await oauth();
  assert.equal(now.refreshes - before.refreshes, 1);
  assert.equal(now.replays - before.replays, 0);
  assert.equal(count(/ -> 429 /), 0);
});

/** A Node endpoint that records the deliveries it gets (raw bytes and headers), to replay them. */
function recorder() {
  const got = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { got.push({ body: Buffer.concat(chunks), headers: req.headers }); res.end('ok'); });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ got, url: `http://127.0.0.1:${server.address().port}/hook`, stop: () => new Promise((d) => server.close(d)) })));
}

async function delivered(type, n) {
  for (let i = 0; i < 100; i++) {
    const { deliveries } = await fetch(`${app.sandbox.baseUrl}/__sandbox/webhooks`).then((r) => r.json());
    const mine = deliveries.filter((d) => d.type === type && d.url.startsWith(app.appUrl));
    if (mine.length >= n) return mine;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${type} delivery to the Worker`);
}

const subscribe = (url) => fetch(`${app.sandbox.baseUrl}/__sandbox/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
const appEvent = (which, body) => fetch(`${app.sandbox.baseUrl}/__sandbox/webhooks/app-${which}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('webhooks: UNINSTALL and INSTALL change the stored sessions; a replay is refused in either isolate', { timeout: 30_000 }, async () => {
  const rec = await recorder();
  try {
    assert.ok((await subscribe(`${app.appUrl}/webhooks`)).ok);
    assert.ok((await subscribe(rec.url)).ok);
    const { locationId, companyId } = app.sandbox;

    assert.equal((await session()).installed, true);
    assert.ok((await appEvent('uninstall', { locationId })).ok);
    assert.equal((await delivered('UNINSTALL', 1))[0].status, 200);
    assert.equal((await session(1)).installed, false);

    const company = await install('Company');
    assert.match(company.text, /Installed for agency/);
    assert.equal((await session()).installed, false); // the agency's session is not the location's
    assert.ok((await appEvent('install', { locationId, companyId })).ok);
    assert.equal((await delivered('INSTALL', 1))[0].status, 200);
    const now = await session(1);
    assert.equal(now.installed, true);
    assert.equal(now.session.key, `location:${locationId}`);
    assert.ok(!JSON.stringify(now).includes('sbx-'), 'a token reached the page');

    // The recorder got the same signed bytes: sent again, to either Worker, they are a replay.
    while (rec.got.length < 2) await new Promise((r) => setTimeout(r, 20));
    const original = rec.got.find((d) => JSON.parse(d.body).type === 'INSTALL');
    const headers = { 'content-type': 'application/json', 'x-ghl-signature': original.headers['x-ghl-signature'], 'x-wh-signature': original.headers['x-wh-signature'] };
    for (const i of [0, 1]) {
      const res = await send(i, '/webhooks', { method: 'POST', headers, body: original.body });
      assert.equal(res.status, 409, await res.text());
    }
    const tampered = Buffer.from(original.body.toString().replace('INSTALL', 'UNINSTALL'));
    assert.equal((await send(0, '/webhooks', { method: 'POST', headers, body: tampered })).status, 401);
    assert.equal((await session()).installed, true);
  } finally {
    await rec.stop();
  }
});
