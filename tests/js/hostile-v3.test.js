// Hostile input (issue 13) against `highlevel-wasm/v3`: every service
// method of the v3 table, `ghl.request()` and `HighLevel.validate()`, with
// the values of hostile-support.js in every position, through a recording
// fetch. The same instance answers correctly after each call.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HighLevel } from '../../pkg/v3-node.js';
import { fc, params, recipe, build, optionsRecipe, buildOptions, answerRecipe, buildAnswer, probe, recordingFetch, assertPrototypesUntouched, assertNoStray, report } from './hostile-support.js';

const ROWS = JSON.parse(readFileSync(new URL('../generated/smoke-v3.json', import.meta.url), 'utf8')).smoke;
const SECRET = 'pit-HOSTILE-v3-secret-4be1a09c';
const BASE = 'http://127.0.0.1:9';
const rec = recordingFetch();
const ghl = new HighLevel({ privateIntegrationToken: SECRET, baseUrl: BASE, fetch: rec.fetch, rateLimit: false, maxRetries: 0 });

after(() => report('v3'));

const HEALTH = { ok: 'healthy' };
async function healthy(where) {
  const row = ROWS.find((r) => r.httpMethod === 'GET' && Object.keys(r.params).length);
  rec.answer(() => Response.json(HEALTH));
  rec.clear();
  const fn = ghl[row.service][row.method];
  const out = await fn.apply(ghl[row.service], fn.length === 3 ? [row.params, row.body] : [row.params]);
  assert.deepEqual(out, HEALTH, `${where}: the call after it answered wrongly`);
  assert.equal(rec.sent.length, 1);
}

const position = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ t: 'valid' }) },
  { weight: 3, arbitrary: recipe },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('setKey'), pick: fc.nat(), value: recipe }) },
);

function buildPosition(r, valid) {
  if (r.t !== 'setKey') return build(r, valid);
  const o = valid && typeof valid === 'object' ? JSON.parse(JSON.stringify(valid)) : {};
  const keys = Object.keys(o);
  const key = keys.length ? keys[r.pick % keys.length] : 'x';
  Object.defineProperty(o, key, { value: build(r.value, o[key]), enumerable: true, configurable: true, writable: true });
  return o;
}

test('v3: every service method with hostile params, bodies, options and answers', async () => {
  await fc.assert(fc.asyncProperty(fc.nat({ max: ROWS.length - 1 }), position, position, optionsRecipe, answerRecipe, async (i, pr, br, or, ar) => {
    const row = ROWS[i];
    const where = `v3 ${row.service}.${row.method}`;
    const svc = ghl[row.service];
    const fn = svc[row.method];
    const p = buildPosition(pr, row.params);
    const b = buildPosition(br, row.body ?? {});
    const o = buildOptions(or);
    const args = fn.length === 3 ? [p, b, o] : fn.length === 1 ? [o] : row.body !== null ? [b, o] : [p, o];
    rec.answer(buildAnswer(ar));
    rec.clear();
    await probe(() => fn.apply(svc, args), { secrets: [SECRET], where });
    for (const s of rec.sent) {
      const url = new URL(s.url);
      assert.equal(url.origin, BASE, `${where}: sent off the API host: ${s.url}`);
      assert.ok(!/\/\.\.?(\/|$)/.test(url.pathname), `${where}: a dot segment was sent: ${s.url}`);
      if (typeof s.init.body === 'string' && row.bodyKind === 'json') {
        assert.deepEqual(HighLevel.validate(`${row.service}.${row.method}`, row.params, JSON.parse(s.init.body)), [], `${where}: the sent body is not what validation accepts`);
      }
    }
    assertPrototypesUntouched(where);
    assertNoStray(where);
    await healthy(where);
  }), params(400));
});

test('v3: validate and request with hostile values', async () => {
  const names = ROWS.map((r) => `${r.service}.${r.method}`);
  await fc.assert(fc.asyncProperty(fc.oneof(fc.constantFrom(...names).map((v) => ({ t: 'v', v })), recipe), position, recipe, async (nr, pr, sr) => {
    const name = build(nr, undefined);
    const v = await probe(() => HighLevel.validate(name, buildPosition(pr, {}), undefined), { async: false, secrets: [SECRET], where: 'v3 validate' });
    assert.ok(v.ok && Array.isArray(v.value), 'validate returns issues, never throws');
    rec.answer(() => Response.json({}));
    await probe(() => ghl.request(build(sr, { method: 'GET', path: '/x' })), { secrets: [SECRET], where: 'v3 request' });
    assertPrototypesUntouched('v3');
    assertNoStray('v3');
  }), params(200));
  await healthy('v3 validate');
});
