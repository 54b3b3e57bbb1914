// ghl.bulk: results in input order, progress reported, abort honoured, and
// every call inside paced by the client's own budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox } from './support.js';

let sb;
before(async () => { sb = await startSandbox(['--burst', '40', '--interval-ms', '1000']); });
after(() => sb.stop());

test('results in input order, failures kept, progress reported, paced', { timeout: 60_000 }, async () => {
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  const good = sb.contacts[0].id;
  const items = Array.from({ length: 60 }, (_, i) => (i % 10 === 3 ? `missing${String(i).padStart(13, '0')}` : good));
  const progress = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const t0 = Date.now();
  const out = await ghl.bulk(items, async (contactId, client) => {
    assert.equal(client, ghl);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return (await client.contacts.getContact({ contactId })).contact.id;
    } finally {
      inFlight--;
    }
  }, { concurrency: 5, onProgress: (p) => progress.push({ ...p, at: Date.now() }) });

  assert.equal(out.results.length, 60);
  assert.equal(out.succeeded, 54);
  assert.equal(out.failed, 6);
  out.results.forEach((r, i) => {
    assert.equal(r.item, items[i], 'input order');
    if (i % 10 === 3) {
      assert.equal(r.ok, false);
      assert.ok(r.error instanceof HighLevelError);
      assert.equal(r.error.kind, 'not_found');
    } else {
      assert.deepEqual([r.ok, r.value], [true, good]);
    }
  });
  assert.ok(maxInFlight <= 5 && maxInFlight >= 2, `concurrency respected (${maxInFlight})`);
  // 60 calls at 40 per second cannot finish within one window: the budget paced them.
  assert.ok(Date.now() - t0 >= 900, 'paced by the sandbox budget');
  const last = progress.at(-1);
  assert.deepEqual([last.done, last.failed, last.total], [60, 6, 60]);
  assert.equal(typeof last.ratePerSec, 'number');
  assert.equal(last.etaMs, 0);
  for (let i = 1; i < progress.length - 1; i++) assert.ok(progress[i].at - progress[i - 1].at >= 240, 'at most every 250 ms');
});

test('an abort starts no new items, lets those in flight settle, marks the rest aborted', async () => {
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  const ac = new AbortController();
  const started = [];
  const items = Array.from({ length: 20 }, (_, i) => i);
  const out = await ghl.bulk(items, async (i) => {
    started.push(i);
    if (i === 3) ac.abort();
    await new Promise((r) => setTimeout(r, 20));
    return i * 2;
  }, { concurrency: 4, signal: ac.signal });
  assert.deepEqual(started, [0, 1, 2, 3], 'no item started after the abort');
  assert.deepEqual(out.results.slice(0, 4).map((r) => [r.ok, r.value]), [[true, 0], [true, 2], [true, 4], [true, 6]], 'those in flight settled');
  for (const r of out.results.slice(4)) {
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof HighLevelError);
    assert.equal(r.error.kind, 'aborted');
  }
  assert.deepEqual([out.succeeded, out.failed], [4, 16]);
});

test('bulk never rejects for an item; bad arguments reject with validation', async () => {
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  const out = await ghl.bulk([1, 2], (i) => { if (i === 1) throw new Error('sync throw'); return i; });
  assert.deepEqual(out.results.map((r) => r.ok), [false, true]);
  assert.equal(out.results[0].error.message, 'sync throw');
  const e = await ghl.bulk(null, () => 1).then(() => assert.fail('resolved'), (x) => x);
  assert.equal(e.kind, 'validation');
  const empty = await ghl.bulk([], () => 1);
  assert.deepEqual(empty, { results: [], succeeded: 0, failed: 0 });
});
