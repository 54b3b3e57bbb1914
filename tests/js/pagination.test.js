// Auto-pagination through the built package: every paged list the sandbox
// serves walked to the end in its style (item counts equal the seeded data),
// the first page fetched once, `.pages()`, `maxPages`, and the guards (a
// cursor that does not advance, a next-page URL on another host) against
// scripted peers. Bounded to two minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox, startPeer, json, TRANSPORT } from './support.js';

// The whole file is bounded to two minutes.
setTimeout(() => {
  console.error('pagination tests: still running after 2 minutes');
  process.exit(1);
}, 120_000).unref();

const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

let sb, ghl, loc;
before(async () => {
  sb = await startSandbox(['--burst', '1000', '--interval-ms', '1000']);
  ghl = new HighLevel({ ...TRANSPORT, privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  loc = sb.locationId;
});
after(async () => {
  await sb.stop();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

async function all(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** Requests the sandbox saw for `opId` while `fn` ran. */
async function calls(opId, fn) {
  const before = (await sb.state()).operationCalls[opId] ?? 0;
  const value = await fn();
  return [value, ((await sb.state()).operationCalls[opId] ?? 0) - before];
}

const DETAILS = { notes: false, tasks: false, calendarEvents: false, unReadConversations: false };
const LISTS = [
  // [style, operation, call, seeded count]
  ['cursor from meta (startAfterId/startAfter)', 'get-contacts', () => ghl.contacts.getContacts({ locationId: loc, limit: 40 }), 250],
  ['cursor from the last item (searchAfter)', 'search-contacts-advanced', () => ghl.contacts.searchContactsAdvanced({ locationId: loc, pageLimit: 100 }), 250],
  ['next-page URL (meta.nextPageUrl)', 'search-opportunity', () => ghl.opportunities.searchOpportunity({ locationId: loc, limit: 25, status: 'open' }), 120],
  ['page in the body', 'search-opportunities-advanced', () => ghl.opportunities.searchOpportunitiesAdvanced({ locationId: loc, query: '', limit: 50, page: 1, searchAfter: [], additionalDetails: DETAILS }), 120],
  ['cursor from the last item (sort value)', 'search-conversation', () => ghl.conversations.searchConversation({ locationId: loc, limit: 7 }), 60],
  ['offset (skip)', 'search-users', () => ghl.users.searchUsers({ companyId: 'company-1', limit: 9 }), 40],
];

for (const [style, opId, call, count] of LISTS) {
  test(`${opId}: walked to the end by ${style}`, { timeout: 60_000 }, async () => {
    const [items, sent] = await calls(opId, () => all(call()));
    assert.equal(items.length, count);
    assert.equal(new Set(items.map((x) => x.id)).size, count, 'every item once');
    const pages = await all(call().pages());
    assert.equal(pages.reduce((n, p) => n + Object.values(p).find(Array.isArray).length, 0), count);
    assert.ok(sent >= 2 && sent <= pages.length + 1, `${sent} requests for ${pages.length} pages`);
  });
}

test('the promise is the first page, sent once; iterating it reuses that page', async () => {
  const [, sent] = await calls('get-contacts', async () => {
    const p = ghl.contacts.getContacts({ locationId: loc, limit: 100 });
    const first = await p;
    assert.equal(first.contacts.length, 100);
    assert.equal(first.meta.total, 250);
    const items = await all(p);
    assert.equal(items.length, 250);
    assert.deepEqual(items.slice(0, 100), first.contacts);
  });
  assert.equal(sent, 3, '100 + 100 + 50: the first page is not fetched again, and meta.total ends the walk');
  const pages = await all(ghl.contacts.getContacts({ locationId: loc, limit: 100 }).pages());
  assert.deepEqual(pages.map((p) => p.contacts.length), [100, 100, 50]);
});

test('maxPages stops the walk', async () => {
  const [items, sent] = await calls('search-users', () => all(ghl.users.searchUsers({ companyId: 'c', limit: 5 }, { maxPages: 3 })));
  assert.equal(items.length, 15);
  assert.equal(sent, 3);
  const pages = await all(ghl.users.searchUsers({ companyId: 'c', limit: 5 }, { maxPages: 2 }).pages());
  assert.equal(pages.length, 2);
});

/** A peer answering export-messages-by-location with `cursors[n]` on its n-th request. */
async function cursorPeer(cursors) {
  let n = 0;
  return startPeer((_req, _body, res) => json(res, 200, { messages: [{ id: `m${n}` }], nextCursor: cursors[n++] ?? null, total: 99 }));
}

/** Iterates until the walk rejects: the error (a HighLevelError) and what came before it. */
async function failure(iterable, onItem = () => {}) {
  const seen = [];
  const err = await (async () => {
    for await (const x of iterable) {
      seen.push(x);
      onItem(x);
    }
  })().then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(err instanceof HighLevelError, `got ${err}`);
  return [err, seen];
}

async function refusal(iterable) {
  const [err, seen] = await failure(iterable);
  assert.equal(err.kind, 'pagination');
  assert.equal(err.retryable, false);
  return [err, seen];
}

test('a cursor that does not advance is refused with a HighLevelError', async () => {
  const peer = await cursorPeer(['abc', 'abc', 'abc']);
  try {
    const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: peer.baseUrl });
    const [err, seen] = await refusal(g.conversations.exportMessagesByLocation({ locationId: 'L1' }));
    assert.match(err.message, /does not advance/);
    assert.equal(err.operationId, 'export-messages-by-location');
    assert.equal(seen.length, 2, 'the pages before the repeat are yielded');
    assert.equal(peer.requests.length, 2);
  } finally {
    await peer.stop();
  }
  // a cycle (a, b, a) repeats a request already made
  const cycle = await cursorPeer(['a', 'b', 'a', 'b']);
  try {
    const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: cycle.baseUrl });
    const [err] = await refusal(g.conversations.exportMessagesByLocation({ locationId: 'L1' }).pages());
    assert.match(err.message, /repeats one already made/);
    assert.equal(cycle.requests.length, 3);
  } finally {
    await cycle.stop();
  }
});

test('a server that ignores the advancing field is refused, not walked 1,000 times', async () => {
  const peer = await startPeer((_req, _body, res) => json(res, 200, { users: [{ id: 'u0' }, { id: 'u1' }] }));
  try {
    const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: peer.baseUrl });
    const [err, seen] = await refusal(g.users.searchUsers({ companyId: 'c', limit: 2 }));
    assert.match(err.message, /repeats the previous one/);
    assert.deepEqual(seen.map((u) => u.id), ['u0', 'u1']);
    assert.equal(peer.requests.length, 2);
  } finally {
    await peer.stop();
  }
});

test('a next-page URL on another host is refused, and nothing is sent there', async () => {
  for (const next of ['http://evil.example/opportunities/search?page=2', 'http://localhost:1/opportunities/search?page=2', '//evil.example/opportunities/search']) {
    const peer = await startPeer((_req, _body, res) => json(res, 200, { opportunities: [{ id: 'o1' }], meta: { total: 5, nextPageUrl: next } }));
    try {
      const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: peer.baseUrl });
      const [err, seen] = await refusal(g.opportunities.searchOpportunity({ locationId: 'L1' }));
      assert.match(err.message, /next-page URL/);
      assert.equal(seen.length, 1);
      assert.equal(peer.requests.length, 1);
    } finally {
      await peer.stop();
    }
  }
});

test('each page is a normal call: retries apply, a failure rejects the iterator, never unhandled', async () => {
  let n = 0;
  const peer = await startPeer((req, _body, res) => {
    n += 1;
    if (req.url.includes('skip=2') && n === 2) return json(res, 503, { message: 'busy' });
    const skip = Number(new URL(req.url, 'http://x').searchParams.get('skip') ?? 0);
    if (skip >= 6) return json(res, 404, { message: 'gone' });
    return json(res, 200, { users: [{ id: `u${skip}` }, { id: `u${skip + 1}` }] });
  });
  try {
    const g = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: peer.baseUrl, maxRetries: 2 });
    const [err, seen] = await failure(g.users.searchUsers({ companyId: 'c', limit: 2 }));
    assert.equal(err.kind, 'not_found');
    assert.deepEqual(seen.map((u) => u.id), ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
    assert.equal(peer.requests.length, 5, 'skip=0, skip=2 (503), skip=2 again, skip=4, skip=6 (404)');
    // the first request failing: only iterated, the promise itself is never awaited
    const bad = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'pit-1', baseUrl: peer.baseUrl });
    const [first] = await failure(bad.users.searchUsers({ companyId: 'c', skip: 6 }));
    assert.equal(first.kind, 'not_found');
  } finally {
    await peer.stop();
  }
  // an abort between pages: the page in hand is yielded, the next call rejects
  const ctl = new AbortController();
  const p = ghl.contacts.getContacts({ locationId: loc, limit: 10 }, { signal: ctl.signal });
  const [err, seen] = await failure(p, () => ctl.abort());
  assert.equal(err.kind, 'aborted');
  assert.equal(seen.length, 10);
});
