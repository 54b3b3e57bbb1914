// Safe retries against a faulty sandbox: 1,000 non-idempotent notes and 1,000
// idempotent tag additions, 32 in flight, with 429s, 503s, dropped
// connections (before and after applying) and stalls. The journal proves that
// no note was applied twice, none that resolved was lost, and every failure
// that may have landed says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox } from './support.js';

const FAULTS = '429=0.2,503=0.05,reset-before=0.02,reset-after=0.01,stall=0.005';
const N = 1000;
const IN_FLIGHT = 32;

let sb;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);
before(async () => {
  process.on('unhandledRejection', onUnhandled);
  sb = await startSandbox(['--burst', '1000000', '--interval-ms', '10000', '--faults', FAULTS, '--seed', '7']);
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await sb.stop();
});

/** Runs `fn(i)` for i in [0, n) with at most `k` in flight; settles every one. */
async function pool(n, k, fn) {
  const out = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
    }
  };
  await Promise.all(Array.from({ length: k }, worker));
  return out;
}

test('1,000 createNote and 1,000 addTags under faults: nothing doubled, nothing lost silently', { timeout: 120_000 }, async () => {
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, timeoutMs: 800, maxRetries: 10 });
  const contacts = sb.contacts.map((c) => c.id);
  const contactOf = (i) => contacts[i % contacts.length];

  const [notes, tags] = await Promise.all([
    pool(N, IN_FLIGHT / 2, (i) => ghl.contacts.createNote({ contactId: contactOf(i) }, { body: `note-${i}` })),
    pool(N, IN_FLIGHT / 2, (i) => ghl.contacts.addTags({ contactId: contactOf(i) }, { tags: [`bulk-tag-${i}`] })),
  ]);
  assert.equal(notes.length + tags.length, 2 * N, 'every call settled');

  const journal = await sb.journal();
  const applied = new Map();
  for (const e of journal.filter((x) => x.operationId === 'create-note')) {
    applied.set(e.body.body, (applied.get(e.body.body) ?? 0) + 1);
  }
  const doubled = [...applied].filter(([, n]) => n > 1);
  assert.deepEqual(doubled, [], 'no note applied twice');

  let rejected = 0;
  let maybe = 0;
  notes.forEach((r, i) => {
    const seen = applied.get(`note-${i}`) ?? 0;
    if (r.ok) {
      assert.equal(seen, 1, `resolved note-${i} is in the journal exactly once`);
      return;
    }
    rejected++;
    assert.ok(r.error instanceof HighLevelError, 'failures are HighLevelErrors');
    assert.equal(typeof r.error.attempts, 'number');
    assert.ok(r.error.rateLimit && 'remaining' in r.error.rateLimit, 'errors carry the rate figures');
    if (seen > 0) assert.equal(r.error.maybeApplied, true, `note-${i} was applied, so its error says maybeApplied`);
    if (r.error.maybeApplied) maybe++;
  });
  // The faults really happened and were really survived.
  assert.ok(rejected > 0 && rejected < N / 4, `some notes failed without a retry (${rejected})`);
  assert.ok(maybe > 0, 'some failures may have landed');

  const failedTags = tags.filter((r) => !r.ok).map((r) => `${r.error.kind} ${r.error.message} attempts=${r.error.attempts}`);
  assert.deepEqual(failedTags, [], 'every addTags resolved (set operations are retried)');
  const retried = journal.filter((x) => x.operationId === 'add-tags').length;
  assert.ok(retried >= N, 'every tag addition applied at least once');
  const state = await sb.state();
  const tagsOf = new Map(state.contacts.map((c) => [c.id, new Set(c.tags)]));
  for (let i = 0; i < N; i++) assert.ok(tagsOf.get(contactOf(i)).has(`bulk-tag-${i}`), `bulk-tag-${i} is on its contact`);

  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

test('forced faults: what is retried and what says maybeApplied', async () => {
  await sb.reset();
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, timeoutMs: 300, maxRetries: 3 });
  const contactId = sb.contacts[0].id;
  const force = (name) => ({ headers: { 'X-Sandbox-Fault': name } });

  // A POST that may have landed is not repeated.
  for (const fault of ['503', 'reset-after', 'stall']) {
    const e = await ghl.contacts.createNote({ contactId }, { body: `forced-${fault}` }, force(fault)).then(() => assert.fail('resolved'), (x) => x);
    assert.equal(e.attempts, 1, `${fault}: sent once`);
    assert.equal(e.maybeApplied, true, `${fault}: maybeApplied`);
    assert.equal(e.kind, { 503: 'server', 'reset-after': 'network', stall: 'timeout' }[fault]);
  }
  // The same POST marked idempotent by the caller is retried (the forced fault repeats on every attempt).
  let e = await ghl.contacts.createNote({ contactId }, { body: 'forced-idem' }, { ...force('503'), idempotent: true }).then(() => assert.fail('resolved'), (x) => x);
  assert.equal(e.attempts, 4);
  assert.equal(e.maybeApplied, true);
  // A 429 is retried for every operation and never counts as applied.
  e = await ghl.contacts.createNote({ contactId }, { body: 'forced-429' }, { ...force('429'), maxRetries: 1 }).then(() => assert.fail('resolved'), (x) => x);
  assert.deepEqual([e.kind, e.statusCode, e.attempts, e.maybeApplied, e.retryable], ['rate_limited', 429, 2, false, true]);
  // Set operations (the table's idempotent column) are retried after a reset.
  e = await ghl.contacts.addTags({ contactId }, { tags: ['forced'] }, { ...force('reset-before'), maxRetries: 2 }).then(() => assert.fail('resolved'), (x) => x);
  assert.equal(e.attempts, 3);
  const notes = (await sb.journal()).filter((x) => x.operationId === 'create-note').map((x) => x.body.body);
  assert.deepEqual(notes.sort(), ['forced-reset-after'], 'only the reset-after note was applied, once');
});
