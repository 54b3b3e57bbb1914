// Marketplace apps against the sandbox's OAuth: install (consent → code →
// exchange), calls, expiry and refresh, single flight under concurrency,
// stores shared between "processes" with and without `lock`, rotation
// written before use, a failing store, a refused refresh and its memory,
// agency → location, INSTALL/UNINSTALL, and no secret anywhere.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HighLevel, HighLevelError, MemoryTokenStore } from '../../pkg/node.js';
import { SANDBOX_BIN } from './support.js';

let sb;
let log = '';
const secrets = new Set();
const seen = []; // every error and view the package handed out

// The sandbox with --log, its stderr kept to prove no secret reaches it.
function startLogged() {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX_BIN, ['--port', '0', '--log'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => { child.kill(); reject(new Error('sandbox did not start within 20 s')); }, 20_000);
    child.stderr.setEncoding('utf8').on('data', (d) => { log += d; });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('SANDBOX_JSON ')) return;
      clearTimeout(timer);
      const info = JSON.parse(line.slice('SANDBOX_JSON '.length));
      const get = (p, init) => fetch(`${info.baseUrl}${p}`, init).then((r) => r.json());
      resolve({ ...info, get, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    });
  });
}

before(async () => { sb = await startLogged(); secrets.add(sb.clientSecret); });
after(async () => { await sb?.stop(); });
beforeEach(async () => { await sb.get('/__sandbox/reset', { method: 'POST' }); });

const stats = () => sb.get('/__sandbox/oauth');
const app = (extra = {}) => new HighLevel({ clientId: sb.clientId, clientSecret: sb.clientSecret, baseUrl: sb.baseUrl, marketplaceUrl: sb.baseUrl, ...extra });
const contact = () => sb.contacts[0].id;
const LOC = () => `location:${sb.locationId}`;

/** Through the consent screen: resolves to the stored session's view. */
async function install(ghl, userType = 'Location') {
  const { url, state } = ghl.auth.authorizationUrl({ redirectUri: 'https://app.test/callback', scopes: ['contacts.readonly', 'contacts.write'] });
  const res = await fetch(`${url}&user_type=${userType}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const back = new URL(res.headers.get('location'));
  assert.equal(back.origin + back.pathname, 'https://app.test/callback');
  secrets.add(back.searchParams.get('code'));
  const view = await ghl.auth.exchangeCode({ code: back.searchParams.get('code'), state: back.searchParams.get('state'), expectedState: state, redirectUri: 'https://app.test/callback' });
  seen.push(view);
  return view;
}

/** A store over `backing` that records every call (and every token it sees, as a secret). */
function recordingStore(backing = new Map(), events = [], { lock } = {}) {
  const note = (s) => { if (s) { secrets.add(s.accessToken); secrets.add(s.refreshToken); } };
  const store = {
    failSet: false,
    async get(key) { const s = backing.get(key); note(s); return s && structuredClone(s); },
    async set(key, s) {
      events.push({ op: 'set', key, accessToken: s.accessToken, refreshToken: s.refreshToken });
      note(s);
      if (store.failSet) throw new Error('disk full');
      backing.set(key, structuredClone(s));
    },
    async delete(key) { events.push({ op: 'delete', key }); backing.delete(key); },
  };
  if (lock) store.lock = lock;
  return store;
}

async function failure(promise) {
  const err = await promise.then((v) => assert.fail(`expected a rejection, got ${JSON.stringify(v)}`), (e) => e);
  assert.ok(err instanceof HighLevelError, `got ${err?.stack ?? err}`);
  seen.push(err);
  return err;
}

const call = (ghl, options) => ghl.contacts.getContact({ contactId: contact() }, options);

test('install → calls → expiry (401 Invalid JWT) → one refresh and one resend', async () => {
  const ghl = app();
  const view = await install(ghl);
  assert.deepEqual(Object.keys(view).sort(), ['companyId', 'expiresAt', 'key', 'locationId', 'scopes', 'userId', 'userType']);
  assert.deepEqual([view.key, view.userType, view.locationId, view.companyId], [LOC(), 'Location', sb.locationId, sb.companyId]);
  assert.deepEqual(view.scopes, ['contacts.readonly', 'contacts.write']);
  assert.ok(Math.abs(view.expiresAt - (Date.now() + 86_399_000)) < 5_000);
  assert.deepEqual(await ghl.auth.session(LOC()), view);
  assert.equal(await ghl.auth.session('location:other'), undefined);

  // Unbound calls pick their session: options, then params, then body.
  assert.equal((await call(ghl, { locationId: sb.locationId })).contact.id, contact());
  const bound = ghl.forLocation(sb.locationId);
  assert.equal((await call(bound)).contact.id, contact());
  assert.deepEqual(await bound.request({ method: 'GET', path: `/contacts/${contact()}`, version: '2021-07-28' }).then((r) => r.contact.id), contact());

  await sb.get('/__sandbox/oauth/expire', { method: 'POST' });
  const before = await stats();
  assert.equal((await call(bound)).contact.id, contact());
  const afterStats = await stats();
  assert.equal(afterStats.refreshes - before.refreshes, 1);
  assert.notEqual((await ghl.auth.session(LOC())).expiresAt, undefined);

  // The journal shows the OAuth requests, secrets masked.
  const journal = await sb.get('/__sandbox/journal');
  const token = journal.filter((e) => e.operationId === 'get-access-token');
  assert.deepEqual(token.map((e) => e.body.grant_type), ['authorization_code', 'refresh_token']);
  assert.equal(token[1].body.client_secret, '***');
  assert.equal(token[1].body.refresh_token, '***');
});

test('an unbound call without a session id is `validation`; an unknown one `unauthorized` naming the key', async () => {
  const ghl = app();
  let e = await failure(call(ghl));
  assert.equal(e.kind, 'validation');
  assert.equal(e.issues[0].path, 'options.locationId');
  e = await failure(call(ghl, { locationId: 'nowhere' }));
  assert.equal(e.kind, 'unauthorized');
  assert.match(e.message, /location:nowhere/);
  e = await failure(ghl.contacts.getContacts({ locationId: 'elsewhere' }));
  assert.match(e.message, /location:elsewhere/);
  e = await failure(ghl.contacts.createContact({ companyId: 'co-1', firstName: 'x' }));
  assert.match(e.message, /company:co-1/);
});

test('50 concurrent calls on an expired token cause exactly one refresh (client clock, then server expiry)', async () => {
  const events = [];
  const ghl = app({ tokenStore: recordingStore(new Map(), events) });
  await install(ghl);
  const bound = ghl.forLocation(sb.locationId);
  // Past its expiry by the client's clock...
  const backing = new Map();
  const ghl2 = app({ tokenStore: recordingStore(backing, events) });
  await install(ghl2);
  backing.set(LOC(), { ...backing.get(LOC()), expiresAt: Date.now() - 1 });
  let s0 = await stats();
  let all = await Promise.all(Array.from({ length: 50 }, () => call(ghl2.forLocation(sb.locationId))));
  assert.equal(all.length, 50);
  assert.equal((await stats()).refreshes - s0.refreshes, 1);
  // ...and dead by the server's (every call gets 401 Invalid JWT first).
  await sb.get('/__sandbox/oauth/expire', { method: 'POST' });
  s0 = await stats();
  all = await Promise.all(Array.from({ length: 50 }, () => call(bound)));
  assert.ok(all.every((r) => r.contact.id === contact()));
  assert.equal((await stats()).refreshes - s0.refreshes, 1);
});

test('the rotated session is written with set before its token is used', async () => {
  const events = [];
  const fetchLog = (url, init) => {
    events.push({ op: 'fetch', url: String(url), auth: init?.headers?.Authorization ?? init?.headers?.authorization });
    return globalThis.fetch(url, init);
  };
  const backing = new Map();
  const ghl = app({ tokenStore: recordingStore(backing, events), fetch: fetchLog });
  await install(ghl);
  backing.set(LOC(), { ...backing.get(LOC()), expiresAt: Date.now() + 1_000 }); // inside the 5-minute skew
  const old = backing.get(LOC());
  await call(ghl, { locationId: sb.locationId });
  const fresh = backing.get(LOC());
  assert.notEqual(fresh.refreshToken, old.refreshToken);
  const setAt = events.findIndex((e) => e.op === 'set' && e.refreshToken === fresh.refreshToken);
  const usedAt = events.findIndex((e) => e.op === 'fetch' && e.auth === `Bearer ${fresh.accessToken}`);
  const refreshAt = events.findIndex((e) => e.op === 'fetch' && e.url.endsWith('/oauth/token') && events.indexOf(e) > events.findIndex((x) => x.op === 'set'));
  assert.ok(refreshAt >= 0 && refreshAt < setAt && setAt < usedAt, JSON.stringify(events.map((e) => e.op + (e.url ?? ''))));
});

// Two "processes": separate store objects over one backing map, so nothing in
// the package is shared between them but what the store itself shares.
async function twoProcesses(withLock) {
  const backing = new Map();
  const mutex = new MemoryTokenStore(); // only its lock, shared like a database's
  const lock = withLock ? (key, fn) => mutex.lock(key, fn) : undefined;
  const a = app({ tokenStore: recordingStore(backing, [], { lock }) });
  const b = app({ tokenStore: recordingStore(backing, [], { lock }) });
  await install(a);
  backing.set(LOC(), { ...backing.get(LOC()), expiresAt: Date.now() - 1 });
  const s0 = await stats();
  const calls = [];
  for (let i = 0; i < 10; i++) calls.push(call(a.forLocation(sb.locationId)), call(b.forLocation(sb.locationId)));
  const results = await Promise.allSettled(calls);
  const s1 = await stats();
  return { results, refreshes: s1.refreshes - s0.refreshes, replays: s1.replays - s0.replays };
}

test('two clients sharing a store with lock: one refresh; without lock every call still succeeds', async () => {
  const locked = await twoProcesses(true);
  assert.ok(locked.results.every((r) => r.status === 'fulfilled'), JSON.stringify(locked.results.find((r) => r.status === 'rejected')?.reason));
  assert.deepEqual([locked.refreshes, locked.replays], [1, 0]);
  await sb.get('/__sandbox/reset', { method: 'POST' });
  const unlocked = await twoProcesses(false);
  assert.ok(unlocked.results.every((r) => r.status === 'fulfilled'), JSON.stringify(unlocked.results.find((r) => r.status === 'rejected')?.reason));
  // Both may have refreshed with the same token: the second got the same pair back.
  assert.equal(unlocked.refreshes, 1);
  assert.ok(unlocked.replays <= 1);
});

test('a failing store: kind `store` with its cause, the new session kept in memory and written on the next call', async () => {
  const backing = new Map();
  const store = recordingStore(backing);
  const ghl = app({ tokenStore: store });
  await install(ghl);
  backing.set(LOC(), { ...backing.get(LOC()), expiresAt: Date.now() - 1 });
  const old = backing.get(LOC());
  store.failSet = true;
  const s0 = await stats();
  let e = await failure(call(ghl, { locationId: sb.locationId }));
  assert.equal(e.kind, 'store');
  assert.equal(e.cause?.message, 'disk full');
  assert.deepEqual(backing.get(LOC()), old);
  e = await failure(call(ghl, { locationId: sb.locationId }));
  assert.equal(e.kind, 'store');
  assert.equal((await stats()).refreshes - s0.refreshes, 1, 'the rotated session is kept, not refreshed again');
  store.failSet = false;
  assert.equal((await call(ghl, { locationId: sb.locationId })).contact.id, contact());
  assert.notEqual(backing.get(LOC()).refreshToken, old.refreshToken);
  assert.equal((await stats()).refreshes - s0.refreshes, 1);
  // A store whose get or lock fails: `store` too, with the store's error as cause.
  store.get = async () => { throw new Error('connection refused'); };
  e = await failure(call(ghl, { locationId: sb.locationId }));
  assert.deepEqual([e.kind, e.cause?.message], ['store', 'connection refused']);
  const locking = recordingStore(backing, [], { lock: async () => { throw new Error('lease lost'); } });
  backing.set(LOC(), { ...backing.get(LOC()), expiresAt: Date.now() - 1 });
  e = await failure(call(app({ tokenStore: locking }), { locationId: sb.locationId }));
  assert.deepEqual([e.kind, e.cause?.message], ['store', 'lease lost']);
});

test('a refused refresh: `unauthorized` from oauth.refresh, remembered for 30 s, session left in the store', async () => {
  let now = Date.now();
  const backing = new Map();
  const ghl = app({ tokenStore: recordingStore(backing), clock: () => now });
  await install(ghl);
  backing.set(LOC(), { ...backing.get(LOC()), refreshToken: 'sbx-rt-revoked', expiresAt: now - 1 });
  const s0 = await stats();
  const e = await failure(call(ghl, { locationId: sb.locationId }));
  assert.deepEqual([e.kind, e.operationId, e.statusCode, e.message], ['unauthorized', 'oauth.refresh', 400, 'Invalid grant: refresh token is invalid']);
  assert.ok(e.cause instanceof HighLevelError);
  assert.equal(backing.get(LOC()).refreshToken, 'sbx-rt-revoked');
  now += 29_000;
  const again = await failure(call(ghl, { locationId: sb.locationId }));
  assert.deepEqual([again.kind, again.operationId, again.message], [e.kind, e.operationId, e.message]);
  const forced = await failure(ghl.auth.refresh(LOC()));
  assert.equal(forced.operationId, 'oauth.refresh');
  assert.equal((await stats()).refused - s0.refused, 1, 'asked once within 30 s');
  now += 1_001;
  await failure(call(ghl, { locationId: sb.locationId }));
  assert.equal((await stats()).refused - s0.refused, 2, 'asked again after 30 s');
});

test('agency → location: a company install mints location sessions; INSTALL and UNINSTALL', async () => {
  const events = [];
  const ghl = app({ tokenStore: recordingStore(new Map(), events) });
  const company = await install(ghl, 'Company');
  assert.deepEqual([company.key, company.userType, 'locationId' in company], [`company:${sb.companyId}`, 'Company', false]);
  const installed = await ghl.forCompany(sb.companyId).oauth.getInstalledLocation({ companyId: sb.companyId, appId: 'app' });
  assert.equal(installed.locations[0]._id, sb.locationId);

  const view = await ghl.auth.locationToken({ companyId: sb.companyId, locationId: sb.locationId });
  assert.deepEqual([view.key, view.userType, view.companyId], [LOC(), 'Location', sb.companyId]);
  assert.equal((await call(ghl.forLocation(sb.locationId))).contact.id, contact());

  assert.equal(await ghl.auth.handleUninstall({ type: 'UNINSTALL', appId: 'a', locationId: sb.locationId }), undefined);
  assert.equal(await ghl.auth.session(LOC()), undefined);
  assert.match((await failure(call(ghl.forLocation(sb.locationId)))).message, new RegExp(LOC()));

  assert.equal(await ghl.auth.handleInstall({ type: 'INSTALL', appId: 'a', companyId: sb.companyId }), undefined, 'agency-level: nothing to mint');
  assert.equal(await ghl.auth.handleInstall({ type: 'INSTALL', companyId: 'other-co', locationId: sb.locationId }), undefined, 'no company session');
  const minted = await ghl.auth.handleInstall({ type: 'INSTALL', appId: 'a', companyId: sb.companyId, locationId: sb.locationId, userId: 'u' });
  seen.push(minted);
  assert.equal(minted.key, LOC());
  assert.equal((await call(ghl, { locationId: sb.locationId })).contact.id, contact());
  await ghl.auth.handleUninstall({ type: 'UNINSTALL', companyId: sb.companyId });
  assert.equal(await ghl.auth.session(`company:${sb.companyId}`), undefined);
  assert.deepEqual(events.filter((e) => e.op === 'delete').map((e) => e.key), [LOC(), `company:${sb.companyId}`]);
  assert.equal((await failure(ghl.auth.handleInstall({ type: 'UNINSTALL' }))).kind, 'validation');
});

test('exchangeCode refuses a missing or wrong state before sending; a bad code is the API error', async () => {
  const ghl = app();
  const s0 = await stats();
  let e = await failure(ghl.auth.exchangeCode({ code: 'c', expectedState: 'abc' }));
  assert.deepEqual([e.kind, e.issues[0].path], ['validation', 'state']);
  e = await failure(ghl.auth.exchangeCode({ code: 'c', state: 'abd', expectedState: 'abc' }));
  assert.equal(e.kind, 'validation');
  assert.equal((await sb.get('/__sandbox/journal')).length, 0, 'nothing sent');
  e = await failure(ghl.auth.exchangeCode({ code: 'sbx-code-unknown' }));
  assert.deepEqual([e.kind, e.statusCode, e.operationId], ['bad_request', 400, 'oauth.exchangeCode']);
  const wrong = new HighLevel({ clientId: sb.clientId, clientSecret: 'not-the-secret-123', baseUrl: sb.baseUrl });
  secrets.add('not-the-secret-123');
  e = await failure(wrong.auth.exchangeCode({ code: 'x' }));
  assert.deepEqual([e.kind, e.statusCode], ['unauthorized', 401]);
  assert.equal((await stats()).codeExchanges, s0.codeExchanges);
  e = await failure(new HighLevel({ privateIntegrationToken: sb.token }).auth.exchangeCode({ code: 'x' }));
  assert.deepEqual(e.issues.map((i) => i.path), ['clientId', 'clientSecret']);
});

test('no secret in any error, view, client or sandbox log', () => {
  const live = [...secrets].filter((s) => typeof s === 'string' && s.length > 8);
  assert.ok(live.length > 10, `collected ${live.length} secrets`);
  const texts = [log];
  for (const x of seen) {
    texts.push(JSON.stringify(x));
    if (x instanceof Error) {
      for (let e = x; e; e = e.cause) texts.push(e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.response ?? null));
    }
  }
  const ghl = app();
  texts.push(JSON.stringify(ghl), JSON.stringify(ghl.auth), JSON.stringify(ghl.forLocation('x')));
  for (const t of texts) for (const s of live) assert.ok(!String(t).includes(s), `secret ${s.slice(0, 10)}… leaked in ${String(t).slice(0, 300)}`);
  assert.ok(log.includes('/oauth/token'), 'the sandbox logged the OAuth requests');
});
