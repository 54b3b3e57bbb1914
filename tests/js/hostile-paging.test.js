// Hostile input (issue 13) against auto-pagination and `ghl.bulk`: list
// methods called with hostile params, bodies and options and walked (items
// and `.pages()`) over hostile pages (cursors that repeat, next-page URLs
// off the host, odd items); bulk runs with hostile items, functions and
// options. The same properties as every hostile call (hostile-support.js),
// and the walk fails only with HighLevelErrors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox } from './support.js';
import {
  fc, params, recipe, build, optionsRecipe, buildOptions, probe, recordingFetch,
  assertPrototypesUntouched, assertNoStray, report,
} from './hostile-support.js';

const ROWS = JSON.parse(readFileSync(new URL('../generated/smoke.json', import.meta.url), 'utf8')).smoke;

let sandbox;
let rec;
let ghl;
let PAGED_ROWS;
let SECRETS;
before(async () => {
  sandbox = await startSandbox(['--burst', '1000000']);
  rec = recordingFetch();
  ghl = new HighLevel({ privateIntegrationToken: sandbox.token, baseUrl: sandbox.baseUrl, fetch: rec.fetch, rateLimit: false, maxRetries: 0 });
  SECRETS = [sandbox.token, sandbox.clientSecret];
  // The list operations: their promise is also an async iterable with `.pages()`.
  rec.answer(() => Response.json({}));
  PAGED_ROWS = ROWS.filter((r) => {
    const fn = ghl[r.service][r.method];
    const args = fn.length === 3 ? [r.params, r.body] : fn.length === 2 ? [r.body ?? r.params] : [];
    const p = fn.apply(ghl[r.service], args);
    p.catch(() => {});
    return typeof p.pages === 'function';
  });
});
after(async () => {
  report('pagination and bulk');
  await sandbox?.stop();
});

async function healthy(where) {
  rec.forward((url, init) => globalThis.fetch(url, init));
  try {
    const id = sandbox.contacts[0].id;
    const out = await ghl.contacts.getContact({ contactId: id });
    assert.equal(out?.contact?.id, id, `${where}: the sandbox call after it answered ${JSON.stringify(out)}`);
  } finally {
    rec.forward(undefined);
  }
}

// A page: JSON of items in the shapes the list styles use, with odd cursors.
const pageRecipe = fc.record({
  items: fc.array(fc.oneof(
    fc.record({ id: fc.string({ maxLength: 4 }) }),
    fc.constantFrom(null, 1, 'x', [], { __proto__: null }, { id: { toString: 1 } }),
  ), { maxLength: 4 }),
  key: fc.constantFrom('contacts', 'opportunities', 'users', 'conversations', 'items', 'data', 'locations'),
  meta: fc.oneof(
    fc.constant(undefined),
    fc.record({
      startAfterId: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null), fc.integer()),
      startAfter: fc.oneof(fc.integer(), fc.constant('x'), fc.constant(1e300)),
      nextPageUrl: fc.constantFrom(undefined, null, 'http://evil.test/next', '/relative', 'javascript:alert(1)', 'SAME'),
      total: fc.oneof(fc.integer(), fc.constant(-1), fc.constant(1e300), fc.constant('many')),
      nextPage: fc.oneof(fc.integer(), fc.constant(null)),
    }, { requiredKeys: [] }),
  ),
  total: fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 1e6 })),
  pagination: fc.oneof(fc.constant(undefined), fc.record({ nextPageToken: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null)), hasNextPage: fc.boolean() })),
});

function pageBody(p) {
  const body = { [p.key]: p.items, total: p.total };
  if (p.meta) {
    body.meta = { ...p.meta };
    if (body.meta.nextPageUrl === 'SAME') body.meta.nextPageUrl = `${sandbox.baseUrl}/contacts/?page=2`;
  }
  if (p.pagination) body.pagination = p.pagination;
  return JSON.stringify(body);
}

const position = fc.oneof({ weight: 3, arbitrary: fc.constant({ t: 'valid' }) }, { weight: 2, arbitrary: recipe });

test('list methods: hostile params, options and pages; walked by items and by pages', async () => {
  await fc.assert(fc.asyncProperty(
    fc.nat(), position, position, optionsRecipe, fc.array(pageRecipe, { minLength: 1, maxLength: 4 }), fc.constantFrom('await', 'items', 'pages', 'both'),
    async (pick, pr, br, or, pages, how) => {
      const row = PAGED_ROWS[pick % PAGED_ROWS.length];
      const where = `${row.service}.${row.method}`;
      const svc = ghl[row.service];
      const fn = svc[row.method];
      const p = build(pr, row.params);
      const b = build(br, row.body ?? {});
      const o = buildOptions(or);
      const args = fn.length === 3 ? [p, b, o] : fn.length === 1 ? [o] : row.body !== null ? [b, o] : [p, o];
      let n = 0;
      rec.answer(() => new Response(n < pages.length ? pageBody(pages[n++]) : '{}', { status: 200, headers: { 'content-type': 'application/json' } }));
      rec.clear();
      let paged;
      const first = await probe(() => (paged = fn.apply(svc, args)), { secrets: SECRETS, where });
      if (how !== 'await' && paged && typeof paged.pages === 'function') {
        await probe(async () => {
          let count = 0;
          if (how === 'items' || how === 'both') for await (const _ of paged) if (++count > 50) break;
          if (how === 'pages' || how === 'both') for await (const _ of paged.pages()) if (++count > 100) break;
          return count;
        }, { secrets: SECRETS, where: `${where} walk` });
      }
      for (const s of rec.sent) assert.equal(new URL(s.url).origin, new URL(sandbox.baseUrl).origin, `${where}: a page requested off the API host: ${s.url}`);
      assert.ok(first.ok || first.error instanceof HighLevelError);
      assertPrototypesUntouched(where);
      assertNoStray(where);
    },
  ), params(250));
  await healthy('pagination');
});

test('bulk: hostile items, functions and options', async () => {
  const itemsRecipe = fc.oneof(
    fc.array(recipe, { maxLength: 5 }).map((items) => ({ t: 'list', items })),
    fc.constantFrom('generator-throws', 'iterator-getter-throws', 'huge-sparse', 'string', 'set', 'map', 'typed', 'proxy-array').map((t) => ({ t })),
    recipe.map((r) => ({ t: 'value', r })),
  );
  const fnKind = fc.constantFrom('ok', 'throw-sync', 'reject', 'throw-symbol', 'hostile-thenable', 'then-getter-throws', 'call-hostile', 'not-a-function', 'slow');
  const optsRecipe = fc.oneof(
    fc.constant({ t: 'none' }),
    recipe.map((r) => ({ t: 'value', r })),
    fc.record({
      t: fc.constant('opts'),
      concurrency: fc.oneof(fc.constantFrom(1, 2, 0, -1, 1.5, NaN, Infinity, 1e9, '3').map((v) => ({ t: 'v', v })), recipe),
      signal: fc.constantFrom('none', 'aborted', 'abort-soon', 'fake', 'revoked', 'decorated'),
      onProgress: fc.constantFrom('none', 'throws', 'ok', 'not-fn'),
    }),
  );
  await fc.assert(fc.asyncProperty(itemsRecipe, fnKind, optsRecipe, recipe, async (ir, fk, orr, arg) => {
    let items;
    switch (ir.t) {
      case 'list': items = ir.items.map((x) => build(x, undefined)); break;
      case 'value': items = build(ir.r, undefined); break;
      case 'generator-throws': items = (function* g() { yield 1; throw new Error('hostile generator'); })(); break;
      case 'iterator-getter-throws': items = { get [Symbol.iterator]() { throw new Error('hostile iterator'); } }; break;
      case 'huge-sparse': items = []; items.length = 2 ** 32 - 1; break;
      case 'string': items = 'abc'; break;
      case 'set': items = new Set([1, 2]); break;
      case 'map': items = new Map([[1, 2]]); break;
      case 'typed': items = new Uint8Array(3); break;
      default: items = new Proxy([1, 2, 3], { get: (t, k) => { if (k === '1') throw new Error('hostile index'); return t[k]; } });
    }
    const hostile = build(arg, undefined);
    // A run over a million items is slow, not wrong: cut to 5,000 (the 2^32 - 1 case is refused before it starts).
    let many = false;
    try { many = Array.isArray(items) && items.length > 1000; } catch { /* a revoked Proxy */ }
    if (many) try { items.length = 5000; } catch { items = items.slice(0, 5000); }
    const fn = {
      ok: (x) => x,
      'throw-sync': () => { throw new Error('hostile fn'); },
      reject: () => Promise.reject(new Error('hostile rejection')),
      'throw-symbol': () => { throw Symbol('hostile'); },
      'hostile-thenable': () => ({ then(ok, no) { no(hostile); } }),
      'then-getter-throws': () => ({ get then() { throw new Error('hostile then'); } }),
      'call-hostile': (x, g) => g.contacts.getContact(hostile, x),
      'not-a-function': hostile,
      slow: () => new Promise((r) => setTimeout(r, 5)),
    }[fk];
    let options;
    if (orr.t === 'value') options = build(orr.r, undefined);
    else if (orr.t === 'opts') {
      options = { concurrency: build(orr.concurrency, undefined) };
      const c = new AbortController();
      if (orr.signal === 'aborted') options.signal = AbortSignal.abort();
      if (orr.signal === 'abort-soon') { options.signal = c.signal; setTimeout(() => c.abort(), 1); }
      if (orr.signal === 'fake') options.signal = { aborted: false, addEventListener() {} };
      if (orr.signal === 'revoked') { const r = Proxy.revocable(c.signal, {}); r.revoke(); options.signal = r.proxy; }
      if (orr.signal === 'decorated') { options.signal = c.signal; Object.defineProperty(c.signal, 'aborted', { get() { throw new Error('hostile aborted'); } }); }
      if (orr.onProgress === 'throws') options.onProgress = () => { throw new Error('hostile progress'); };
      if (orr.onProgress === 'ok') options.onProgress = () => {};
      if (orr.onProgress === 'not-fn') options.onProgress = 5;
    }
    rec.answer(() => Response.json({}));
    const out = await probe(() => ghl.bulk(items, fn, options), { secrets: SECRETS, where: 'bulk' });
    if (out.ok) {
      const { results, succeeded, failed } = out.value;
      assert.ok(Array.isArray(results));
      assert.equal(succeeded + failed, results.length);
      assert.ok(results.every((r) => r && typeof r.ok === 'boolean'));
    } else {
      assert.equal(out.error.kind, 'validation');
    }
    assertPrototypesUntouched('bulk');
    assertNoStray('bulk');
  }), params(250));
  await healthy('bulk');
});
