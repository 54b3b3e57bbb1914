// Pacing on by default: calls wait for a slot of their rate key, learned from
// the X-RateLimit-* headers and shared by every client in the process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { HighLevel } from '../../pkg/node.js';
import { ROOT, startSandbox, startPeer, json } from './support.js';

const sandboxes = [];
async function sandbox(args) {
  const sb = await startSandbox(args);
  sandboxes.push(sb);
  return sb;
}
after(() => Promise.all(sandboxes.map((s) => s.stop())));

/** A fetch that counts what it sends and the statuses it gets. */
function counting() {
  const seen = { sent: 0, statuses: [] };
  const fetch = async (url, init) => {
    seen.sent++;
    const r = await globalThis.fetch(url, init);
    seen.statuses.push(r.status);
    return r;
  };
  return { seen, fetch };
}

test('600 calls, 64 in flight, 20 per 1,000 ms: no 429 and at least 95 % of the allowed rate', { timeout: 120_000 }, async () => {
  const sb = await sandbox(['--burst', '20', '--interval-ms', '1000']);
  const { seen, fetch } = counting();
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch });
  const contactId = sb.contacts[0].id;
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < 600) {
      next++;
      await ghl.contacts.getContact({ contactId });
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const ms = Date.now() - t0;
  assert.equal(seen.statuses.filter((s) => s === 429).length, 0, 'no 429');
  assert.equal(seen.sent, 600);
  assert.ok(ms <= 31_600, `finished in ${ms} ms (<= 31,600)`);
  assert.deepEqual(Object.keys(ghl.rateLimit).sort(), ['dailyLimit', 'dailyRemaining', 'intervalMs', 'max', 'remaining']);
  assert.equal(ghl.rateLimit.max, 20);
});

test('two clients with one token share one budget', { timeout: 60_000 }, async () => {
  const sb = await sandbox(['--burst', '10', '--interval-ms', '1000']);
  const a = counting();
  const b = counting();
  const one = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch: a.fetch });
  const two = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch: b.fetch });
  const contactId = sb.contacts[0].id;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).contacts.getContact({ contactId })));
  const ms = Date.now() - t0;
  assert.equal([...a.seen.statuses, ...b.seen.statuses].filter((s) => s === 429).length, 0, 'no 429 between them');
  assert.ok(ms >= 2_900, `40 calls at 10 per second took ${ms} ms`);
});

test('a spent daily budget fails fast without sending, then one call probes', { timeout: 30_000 }, async () => {
  const sb = await sandbox(['--burst', '100', '--interval-ms', '1000', '--daily', '3']);
  const { seen, fetch } = counting();
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch, rateLimit: { dailyProbeMs: 300 }, maxRetries: 0 });
  const contactId = sb.contacts[0].id;
  for (let i = 0; i < 3; i++) await ghl.contacts.getContact({ contactId });
  assert.equal(ghl.rateLimit.dailyRemaining, 0);
  const e = await ghl.contacts.getContact({ contactId }).then(() => assert.fail('resolved'), (x) => x);
  assert.deepEqual([e.kind, e.retryable, e.daily, e.attempts], ['rate_limited', false, true, 0]);
  assert.equal(seen.sent, 3, 'nothing sent');
  await new Promise((r) => setTimeout(r, 350));
  const probe = await ghl.contacts.getContact({ contactId }).then(() => undefined, (x) => x);
  assert.equal(seen.sent, 4, 'one probe after dailyProbeMs');
  assert.deepEqual([probe.kind, probe.statusCode], ['rate_limited', 429]);
  const again = await ghl.contacts.getContact({ contactId }).then(() => undefined, (x) => x);
  assert.equal(again.daily, true, 'the probe saw the budget still spent');
  assert.equal(seen.sent, 4);
});

test('an abort while waiting for a slot sends nothing and frees the slot', { timeout: 30_000 }, async () => {
  const sb = await sandbox(['--burst', '2', '--interval-ms', '2000']);
  const { seen, fetch } = counting();
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, fetch });
  const contactId = sb.contacts[0].id;
  await ghl.contacts.getContact({ contactId });
  await ghl.contacts.getContact({ contactId });
  const ac = new AbortController();
  const t0 = Date.now();
  const waiting = ghl.contacts.getContact({ contactId }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const e = await waiting.then(() => assert.fail('resolved'), (x) => x);
  assert.ok(Date.now() - t0 < 1000, 'rejected at the abort, not at the slot');
  assert.deepEqual([e.kind, e.attempts, e.maybeApplied], ['aborted', 0, false]);
  assert.equal(seen.sent, 2, 'nothing sent');
  // The freed slot goes to the next caller: one call, one slot.
  await ghl.contacts.getContact({ contactId });
  assert.equal(seen.statuses.filter((s) => s === 429).length, 0);
});

test('Retry-After is honoured (seconds and HTTP date); rateLimit: false sends at once', { timeout: 30_000 }, async () => {
  let n = 0;
  const peer = await startPeer((req, body, res) => {
    n++;
    if (n === 1) return json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' });
    if (n === 3) return json(res, 429, { message: 'slow down' }, { 'Retry-After': new Date(Date.now() + 1500).toUTCString() });
    return json(res, 200, { ok: n }, { 'X-RateLimit-Max': '100', 'X-RateLimit-Remaining': '99', 'X-RateLimit-Interval-Milliseconds': '10000' });
  });
  try {
    const ghl = new HighLevel({ privateIntegrationToken: 'tok-retry-after', baseUrl: peer.baseUrl });
    let t0 = Date.now();
    assert.deepEqual(await ghl.contacts.getContact({ contactId: 'abc' }), { ok: 2 });
    assert.ok(Date.now() - t0 >= 950, `waited ${Date.now() - t0} ms for Retry-After: 1`);
    t0 = Date.now();
    assert.deepEqual(await ghl.contacts.createNote({ contactId: 'abc' }, { body: 'x' }), { ok: 4 });
    assert.ok(Date.now() - t0 >= 450, `waited ${Date.now() - t0} ms for an HTTP-date Retry-After`);
    const raw = new HighLevel({ privateIntegrationToken: 'tok-retry-after', baseUrl: peer.baseUrl, rateLimit: false, maxRetries: 0 });
    const all = await Promise.all(Array.from({ length: 5 }, () => raw.contacts.getContact({ contactId: 'abc' })));
    assert.equal(all.length, 5);
  } finally {
    await peer.stop();
  }
});

test('a custom limiter replaces the in-process one', async () => {
  const calls = [];
  const limiter = {
    acquire: async (key, { signal }) => { calls.push(['acquire', key, signal === undefined]); },
    update: (key, figures) => { calls.push(['update', key, figures]); },
  };
  const peer = await startPeer((req, body, res) => json(res, 200, {}, { 'X-RateLimit-Max': '7', 'X-RateLimit-Remaining': '6', 'X-RateLimit-Interval-Milliseconds': '1000' }));
  try {
    const ghl = new HighLevel({ privateIntegrationToken: 'tok-custom', baseUrl: peer.baseUrl, limiter, rateLimit: { key: 'shared-key' } });
    await ghl.contacts.getContact({ contactId: 'abc' });
    assert.deepEqual(calls[0], ['acquire', 'shared-key', true]);
    assert.equal(calls[1][0], 'update');
    assert.equal(calls[1][1], 'shared-key');
    assert.deepEqual(calls[1][2], { max: 7, remaining: 6, intervalMs: 1000, dailyLimit: null, dailyRemaining: null });
    const refusing = new HighLevel({ privateIntegrationToken: 'tok-custom', baseUrl: peer.baseUrl, limiter: { acquire: () => Promise.reject(Object.assign(new Error('budget gone'), { daily: true })), update() {} } });
    const e = await refusing.contacts.getContact({ contactId: 'abc' }).then(() => assert.fail('resolved'), (x) => x);
    assert.deepEqual([e.kind, e.daily, e.attempts], ['rate_limited', true, 0]);
    assert.equal(peer.requests.length, 1, 'the refused call was not sent');
  } finally {
    await peer.stop();
  }
});

test('a Node process exits within 200 ms of its last settled call', { timeout: 30_000 }, async () => {
  const sb = await sandbox([]);
  const script = `
    import { HighLevel } from ${JSON.stringify(`${ROOT}pkg/node.js`)};
    const ghl = new HighLevel({ privateIntegrationToken: ${JSON.stringify(sb.token)}, baseUrl: ${JSON.stringify(sb.baseUrl)} });
    await Promise.all([1, 2, 3].map(() => ghl.contacts.getContact({ contactId: ${JSON.stringify(sb.contacts[0].id)} })));
    await ghl.contacts.getContact({ contactId: 'missing0000000000000' }).catch(() => {});
    console.log('SETTLED ' + Date.now());
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  const exitedAt = await new Promise((resolve) => child.on('exit', (code) => { assert.equal(code, 0); resolve(Date.now()); }));
  const settledAt = Number(/SETTLED (\d+)/.exec(out)?.[1]);
  assert.ok(settledAt > 0, 'the child settled its calls');
  assert.ok(exitedAt - settledAt < 200, `exited ${exitedAt - settledAt} ms after the last call settled`);
});
