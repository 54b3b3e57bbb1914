// Hostile input (issue 13) against the client of `highlevel-wasm`: every
// service method (through a recording fetch), `ghl.request()`,
// `HighLevel.validate()` and the constructor, with the values of
// hostile-support.js in every argument position and hostile answers from the
// network. After each call the same instance must still answer correctly,
// and now and then it makes a real call against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox } from './support.js';
import {
  fc, params, recipe, build, optionsRecipe, buildOptions, answerRecipe, buildAnswer, probe, recordingFetch,
  assertPrototypesUntouched, assertNoStray, assertNoSecret, report, stats,
} from './hostile-support.js';

const ROWS = JSON.parse(readFileSync(new URL('../generated/smoke.json', import.meta.url), 'utf8')).smoke;
const SECRET_PIT = 'pit-HOSTILE-5ecret-token-9f2c71d4';

let sandbox;
let rec;
let ghl;
let SECRETS;
before(async () => {
  sandbox = await startSandbox(['--burst', '1000000']);
  rec = recordingFetch();
  ghl = new HighLevel({ privateIntegrationToken: sandbox.token, baseUrl: sandbox.baseUrl, fetch: rec.fetch, rateLimit: false, maxRetries: 0 });
  SECRETS = [sandbox.token, SECRET_PIT, sandbox.clientSecret];
});
after(async () => {
  report('client');
  await sandbox?.stop();
});

const HEALTH = { contact: { id: 'health-1', firstName: 'Healthy' } };
let checks = 0;
/** The same instance answers a plain call correctly; every 20th time, for real against the sandbox. */
async function healthy(client, where) {
  checks++;
  if (checks % 20 === 0) {
    rec.forward((url, init) => globalThis.fetch(url, init));
    try {
      const id = sandbox.contacts[0].id;
      const out = await client.contacts.getContact({ contactId: id });
      assert.equal(out?.contact?.id, id, `${where}: the sandbox call after it answered ${JSON.stringify(out)}`);
    } finally {
      rec.forward(undefined);
    }
    return;
  }
  rec.answer(() => Response.json(HEALTH));
  rec.clear();
  const out = await client.contacts.getContact({ contactId: 'health-1' });
  assert.deepEqual(out, HEALTH, `${where}: the call after it answered wrongly`);
  assert.equal(rec.sent.length, 1);
  assert.equal(new URL(rec.sent[0].url).pathname, '/contacts/health-1');
}

/** A position's value: the valid one, a hostile recipe, or the valid one with one key set to a hostile value. */
const position = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ t: 'valid' }) },
  { weight: 3, arbitrary: recipe },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('setKey'), pick: fc.nat(), key: fc.option(fc.constantFrom('contactId', 'locationId', 'id', 'tags', 'query', '__proto__', 'constructor', 'eventStartTime'), { nil: undefined }), value: recipe }) },
);

function buildPosition(r, valid) {
  if (r.t !== 'setKey') return build(r, valid);
  const o = valid && typeof valid === 'object' ? JSON.parse(JSON.stringify(valid)) : {};
  const keys = Object.keys(o);
  const key = r.key ?? (keys.length ? keys[r.pick % keys.length] : 'x');
  Object.defineProperty(o, key, { value: build(r.value, Object.hasOwn(o, key) ? o[key] : undefined), enumerable: true, configurable: true, writable: true });
  return o;
}

function argsOf(row, fn, p, b, o) {
  const hasBody = row.body !== null || fn.length === 3;
  if (fn.length === 3) return [p, b, o];
  if (fn.length === 1) return [o];
  return hasBody ? [b, o] : [p, o];
}

/** What was sent stays on the API host, without dot segments, and a JSON body is valid per its schema. */
function checkSent(row, sent, where) {
  for (const s of sent) {
    const url = new URL(s.url);
    assert.equal(url.origin, new URL(sandbox.baseUrl).origin, `${where}: sent off the API host: ${s.url}`);
    assert.ok(!/\/\.\.?(\/|$)/.test(url.pathname) && !/%2e/i.test(url.pathname.replace(/%2e[^/]/gi, '')), `${where}: a dot segment was sent: ${s.url}`);
    const body = s.init?.body;
    if (typeof body === 'string' && row.bodyKind === 'json' && url.pathname !== '/contacts/health-1') {
      let parsed;
      assert.doesNotThrow(() => { parsed = JSON.parse(body); }, `${where}: the sent body is not JSON`);
      const issues = HighLevel.validate(`${row.service}.${row.method}`, row.params, parsed);
      assert.deepEqual(issues, [], `${where}: the sent body is not what validation accepts: ${JSON.stringify(issues)} in ${body.slice(0, 300)}`);
    }
  }
}

test('every service method: hostile params, bodies, options and answers', async () => {
  await fc.assert(fc.asyncProperty(
    fc.nat({ max: ROWS.length - 1 }), position, position, optionsRecipe, answerRecipe, fc.constantFrom('method', 'method', 'method', 'method', 'detached', 'call-other-this'),
    async (i, pr, br, or, ar, how) => {
      const row = ROWS[i];
      const where = `${row.service}.${row.method}${process.env.HOSTILE_SLOW ? ` ${JSON.stringify([i, pr, br, or, how]).slice(0, 1500)}` : ''}`;
      const svc = ghl[row.service];
      const fn = svc[row.method];
      const T = [performance.now()];
      const args = argsOf(row, fn, buildPosition(pr, row.params), buildPosition(br, row.body ?? {}), buildOptions(or));
      rec.answer(buildAnswer(ar));
      rec.clear();
      T.push(performance.now());
      await probe(() => (how === 'detached' ? fn(...args) : how === 'call-other-this' ? fn.apply({ hostile: true }, args) : fn.apply(svc, args)), { secrets: SECRETS, where });
      T.push(performance.now());
      checkSent(row, rec.sent, where);
      T.push(performance.now());
      assertPrototypesUntouched(where);
      assertNoStray(where);
      await healthy(ghl, where);
      T.push(performance.now());
      if (process.env.HOSTILE_SLOW && T[4] - T[0] > Number(process.env.HOSTILE_SLOW)) console.error('STAGES', T.map((t) => Math.round(t - T[0])).join(' '), where.slice(0, 1500));
    },
  ), params(700));
});

test('form and multipart bodies, and ghl.request, with a Proxy body whose traps throw (the known defect)', async () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const bodies = [
    new Proxy({}, new Proxy({}, { get: (_, t) => () => { throw new Error(`trap ${String(t)}`); } })),
    proxy,
    new Proxy({ client_id: 'a' }, { ownKeys() { throw new Error('ownKeys'); } }),
    new Proxy({ client_id: 'a' }, { getOwnPropertyDescriptor() { throw new Error('gOPD'); } }),
  ];
  for (const [b, body] of bodies.entries()) {
    for (const [n, call] of [
      () => ghl.oauth.getAccessToken(body),
      () => ghl.medias.uploadMediaContent(body),
      () => ghl.forms.uploadToCustomFields({ contactId: 'c', locationId: 'l' }, body),
      () => ghl.request({ method: 'POST', path: '/x', body }),
      () => ghl.request({ method: 'POST', path: '/x', query: body }),
      () => ghl.request({ method: 'GET', path: '/x', headers: body }),
      () => ghl.request(body),
      () => ghl.contacts.getContact(body),
      () => ghl.contacts.getContact({ contactId: 'c' }, body),
      () => ghl.contacts.getContact({ contactId: 'c' }, { headers: body }),
    ].entries()) {
      rec.clear();
      const out = await probe(call, { secrets: SECRETS, where: 'proxy body' });
      // Options are read member by member (`get` only): a Proxy refusing to list its keys is readable there.
      if (n === 8 && b >= 2) continue;
      assert.equal(out.ok, false, `a body that cannot be read is not sent (body ${b}, call ${n}: ${call})`);
      assert.equal(out.error.kind, 'validation');
      assert.equal(rec.sent.length, 0, 'nothing is sent');
    }
  }
  await healthy(ghl, 'proxy body');
});

test('HighLevel.validate: any name, params and body give a list of issues, never a throw', async () => {
  const names = ROWS.map((r) => `${r.service}.${r.method}`);
  const nameRecipe = fc.oneof(
    fc.constantFrom(...names).map((v) => ({ t: 'v', v })),
    fc.constantFrom('nope.nope', 'contacts', '', '.', 'contacts.getContact.extra', '__proto__.constructor', 'constructor.name', 'toString.call', 'contacts.__proto__', 'contacts.constructor', 'contacts.hasOwnProperty').map((v) => ({ t: 'v', v })),
    recipe,
  );
  const unknown = HighLevel.validate('nope.nope');
  assert.deepEqual(unknown, [{ path: 'operation', message: 'unknown operation nope.nope' }]);
  await fc.assert(fc.asyncProperty(nameRecipe, position, position, fc.nat({ max: ROWS.length - 1 }), async (nr, pr, br, i) => {
    const row = ROWS[i];
    const name = build(nr, undefined);
    const p = buildPosition(pr, row.params);
    const b = buildPosition(br, row.body ?? {});
    const out = await probe(() => (i % 2 ? HighLevel.validate(name, p, b) : ghl.validate(name, p, b)), { async: false, where: 'validate', secrets: SECRETS });
    assert.ok(out.ok, `validate threw: ${out.error}`);
    assert.ok(Array.isArray(out.value), 'validate returns an array');
    for (const issue of out.value) {
      assert.equal(typeof issue.path, 'string');
      assert.equal(typeof issue.message, 'string');
    }
    if (typeof name !== 'string' || !names.includes(name)) {
      assert.equal(out.value.length, 1, 'an unknown operation is one issue');
      assert.equal(out.value[0].path, 'operation');
    }
    assertPrototypesUntouched('validate');
    assertNoStray('validate');
  }), params(400));
  await healthy(ghl, 'validate');
});

test('ghl.request: hostile specs', async () => {
  const specRecipe = fc.record({
    method: fc.oneof(fc.constantFrom('GET', 'post', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'TRACE', 'get\r\n', '').map((v) => ({ t: 'v', v })), recipe),
    path: fc.oneof(fc.constantFrom('/contacts/abc', '/x', '//evil.test/x', '/a/../b', 'http://evil.test/', '/a b', '/%2e%2e/x', '/a?b=1', '/a#x', '/\u0000').map((v) => ({ t: 'v', v })), recipe),
    query: fc.oneof(fc.constant({ t: 'v', v: undefined }), recipe),
    body: fc.oneof(fc.constant({ t: 'v', v: undefined }), recipe),
    rest: optionsRecipe,
    wrap: fc.constantFrom('plain', 'plain', 'plain', 'getters', 'proxy-get-throws-late', 'revoked', 'null-proto'),
  });
  await fc.assert(fc.asyncProperty(specRecipe, answerRecipe, async (s, ar) => {
    let spec = s.wrap === 'null-proto' ? Object.create(null) : {};
    try { Object.assign(spec, buildOptions(s.rest) ?? {}); } catch { /* hostile options as the spec's base: left out */ }
    for (const k of ['method', 'path', 'query', 'body']) Object.defineProperty(spec, k, { value: build(s[k], undefined), enumerable: true, writable: true, configurable: true });
    if (s.wrap === 'getters') {
      const fixed = { ...spec };
      spec = {};
      let n = 0;
      for (const k of Object.keys(fixed)) Object.defineProperty(spec, k, { enumerable: true, get: () => (++n % 3 === 0 ? '/../flip' : fixed[k]) });
    } else if (s.wrap === 'proxy-get-throws-late') {
      let n = 0;
      spec = new Proxy(spec, { get: (t, k) => { if (++n > 3) throw new Error('late trap'); return t[k]; } });
    } else if (s.wrap === 'revoked') {
      const r = Proxy.revocable(spec, {});
      r.revoke();
      spec = r.proxy;
    }
    rec.answer(buildAnswer(ar));
    rec.clear();
    const out = await probe(() => ghl.request(spec), { secrets: SECRETS, where: 'request' });
    for (const sent of rec.sent) {
      const url = new URL(sent.url);
      assert.equal(url.origin, new URL(sandbox.baseUrl).origin, `request sent off the host: ${sent.url}`);
      assert.ok(!/\/\.\.?(\/|$)/.test(url.pathname), `request sent a dot segment: ${sent.url}`);
      assert.ok(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(sent.init.method), `request sent method ${sent.init.method}`);
    }
    if (out.ok) assert.equal(rec.sent.length, 1);
    assertPrototypesUntouched('request');
    assertNoStray('request');
    await healthy(ghl, 'request');
  }), params(300));
});

test('the constructor: hostile configs never trap, never leak, and calls then reject or work', async () => {
  const KEYS = ['privateIntegrationToken', 'accessToken', 'baseUrl', 'timeoutMs', 'maxRetries', 'rateLimit', 'limiter', 'fetch', 'clientId', 'clientSecret', 'tokenStore', 'refreshSkewMs', 'marketplaceUrl', 'clock', '__proto__'];
  const configRecipe = fc.oneof(
    { weight: 1, arbitrary: recipe },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constantFrom('pit', 'access', 'app', 'none'),
        entries: fc.array(fc.tuple(fc.constantFrom(...KEYS), recipe), { maxLength: 3 }),
        wrap: fc.constantFrom('plain', 'plain', 'getters-throw', 'proxy-ownKeys', 'proxy-all', 'frozen', 'null-proto'),
      }),
    },
  );
  await fc.assert(fc.asyncProperty(configRecipe, fc.constantFrom('getContact', 'request', 'auth', 'json'), async (cr, what) => {
    let config;
    if (cr.entries === undefined) {
      config = build(cr, {});
    } else {
      config = cr.wrap === 'null-proto' ? Object.create(null) : {};
      config.baseUrl = sandbox.baseUrl;
      config.fetch = rec.fetch;
      config.rateLimit = false;
      if (cr.kind === 'pit') config.privateIntegrationToken = SECRET_PIT;
      if (cr.kind === 'access') config.accessToken = SECRET_PIT;
      if (cr.kind === 'app') { config.clientId = 'app-id'; config.clientSecret = sandbox.clientSecret; }
      for (const [k, v] of cr.entries) Object.defineProperty(config, k, { value: build(v, undefined), enumerable: true, configurable: true, writable: true });
      if (cr.wrap === 'getters-throw') Object.defineProperty(config, 'timeoutMs', { enumerable: true, get() { throw new Error('hostile config getter'); } });
      if (cr.wrap === 'proxy-ownKeys') config = new Proxy(config, { ownKeys() { throw new Error('hostile ownKeys'); } });
      if (cr.wrap === 'proxy-all') config = new Proxy(config, new Proxy({}, { get: (_, t) => () => { throw new Error(`hostile ${String(t)}`); } }));
      if (cr.wrap === 'frozen') Object.freeze(config);
    }
    const made = await probe(() => new HighLevel(config), { async: false, where: 'new HighLevel', secrets: SECRETS });
    if (!made.ok) return;
    const client = made.value;
    for (const text of [safe(() => JSON.stringify(client)), safe(() => String(client)), inspect(client, { showHidden: true, depth: 4 }), safe(() => Object.keys(client).join())]) {
      for (const s of SECRETS) assert.ok(!String(text).includes(s), `the client shows a secret: ${text}`);
    }
    rec.answer(() => Response.json(HEALTH));
    const call = {
      getContact: () => client.contacts.getContact({ contactId: 'c1' }),
      request: () => client.request({ method: 'GET', path: '/contacts/c1' }),
      auth: () => client.auth.session('location:x'),
      json: () => client.contacts.upsertContact({ locationId: 'l', email: 'a@b.co' }),
    }[what];
    await probe(call, { secrets: SECRETS, where: `config then ${what}` });
    assertPrototypesUntouched('constructor');
    assertNoStray('constructor');
  }), params(300));
  await healthy(ghl, 'constructor');
});

test('a Date is sent as its ISO string; a getter that answers differently on each read sends what was validated', async () => {
  rec.answer(() => Response.json({}));
  rec.clear();
  const when = new Date(Date.UTC(2026, 5, 13, 9, 30));
  await ghl.contacts.addContactToWorkflow({ contactId: 'c1', workflowId: 'w1' }, { eventStartTime: when });
  assert.equal(JSON.parse(rec.sent[0].init.body).eventStartTime, when.toISOString());
  const bad = await probe(() => ghl.contacts.addContactToWorkflow({ contactId: 'c1', workflowId: 'w1' }, { eventStartTime: new Date(NaN) }), { secrets: SECRETS });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, 'validation');

  // Body: valid on one read, invalid on the next.
  for (const flip of [['u1'], 42]) {
    let n = 0;
    const body = {};
    Object.defineProperty(body, 'followers', { enumerable: true, get: () => (n++ % 2 ? flip : ['u1']) });
    rec.clear();
    const out = await probe(() => ghl.contacts.addFollowersContact({ contactId: 'c1' }, body), { secrets: SECRETS });
    for (const s of rec.sent) assert.deepEqual(HighLevel.validate('contacts.addFollowersContact', { contactId: 'c1' }, JSON.parse(s.init.body)), []);
    assert.ok(out.ok || out.error.kind === 'validation');
  }
  // Params: a path param valid on the first read, a dot segment on the next.
  for (const key of ['contactId']) {
    let n = 0;
    const p = {};
    Object.defineProperty(p, key, { enumerable: true, get: () => (n++ ? '..' : 'c1') });
    rec.clear();
    await probe(() => ghl.contacts.getContact(p), { secrets: SECRETS });
    for (const s of rec.sent) assert.equal(new URL(s.url).pathname, '/contacts/c1', `sent ${s.url}`);
  }
  // A query param valid (an enum value) on the first read, something else after.
  {
    let n = 0;
    const p = { locationId: 'l1' };
    Object.defineProperty(p, 'query', { enumerable: true, get: () => (n++ ? 'second' : 'first') });
    rec.clear();
    await probe(() => ghl.contacts.getContacts(p), { secrets: SECRETS });
    for (const s of rec.sent) assert.equal(new URL(s.url).searchParams.get('query'), 'first', `sent ${s.url}`);
  }
  await healthy(ghl, 'dates and flips');
});

test('regressions found by these properties', async () => {
  // A query array nested in a sparse array of 2^32 - 1 holes: the core's
  // query check ran out of memory (a wasm trap, every later call dead).
  const huge = [];
  huge[3] = [];
  huge[3].length = 2 ** 32 - 1;
  for (const query of [huge, { ids: huge[3] }, { ids: huge }]) {
    const out = await probe(() => ghl.request({ method: 'GET', path: '/x', query }), { secrets: SECRETS, where: 'huge query' });
    assert.equal(out.ok, false);
    assert.equal(out.error.kind, 'validation');
  }
  // A JSON body with such an array: naming why JSON.stringify failed listed its keys (out of memory).
  const issues = HighLevel.validate('contacts.upsertContact', undefined, { locationId: 'l', tags: huge[3] });
  assert.ok(issues.some((i) => i.path === 'tags' && /too many/.test(i.message)), JSON.stringify(issues));
  // A token store that is not an object: a config issue, not a TypeError from the constructor or `auth`.
  const made = await probe(() => new HighLevel({ clientId: 'id', clientSecret: sandbox.clientSecret, tokenStore: 0, fetch: rec.fetch }), { async: false, secrets: SECRETS });
  assert.ok(made.ok);
  const s = await probe(() => made.value.auth.session('location:x'), { secrets: SECRETS });
  assert.equal(s.error?.kind, 'validation');
  assert.ok(s.error.issues.some((i) => i.path === 'tokenStore'));
  // `contacts.getContact.extra`, inherited keys and a Symbol are unknown operations.
  for (const name of ['contacts.getContact.extra', 'contacts.constructor', 'toString.call', Symbol('x'), { toString() { throw new Error('no'); } }]) {
    assert.deepEqual(HighLevel.validate(name).map((i) => i.path), ['operation']);
  }
  // Called detached, a method rejects (validation) instead of throwing.
  const detached = ghl.contacts.getContact;
  const d = await probe(() => detached({ contactId: 'c1' }), { secrets: SECRETS });
  assert.equal(d.error?.kind, 'validation');
  await healthy(ghl, 'regressions');
});

test('hostile calls: total', () => {
  assert.ok(stats.calls > 0);
});

function safe(f) {
  try { return f(); } catch (e) { return `threw ${e}`; }
}

export { assertNoSecret, HighLevelError };
