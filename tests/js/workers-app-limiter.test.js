// `highlevel-wasm/workers` on its own in workerd (Miniflare), against a
// scripted peer with a sliding window of 5 per 500 ms: concurrent calls from
// two isolates through durableLimiter get no 429; an abort while waiting
// sends nothing and gives the place back; a spent daily budget fails fast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT, json, pkgModules, startPeer } from './support.js';

const MAX = 5;
const INTERVAL_MS = 500;

const WORKER = `
import { HighLevel, HighLevelError } from './pkg/workerd.js';
import { durableLimiter, durableTokenStore } from './pkg/workers.js';
export { RateLimiterObject } from './pkg/workers.js';
const caught = (p) => p.then(() => ({ ok: true }), (e) => ({ kind: e.kind, daily: e.daily, attempts: e.attempts }));
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const token = url.searchParams.get('token') ?? 'tok-a';
    const ghl = new HighLevel({ privateIntegrationToken: token, baseUrl: env.PEER, maxRetries: 0, limiter: durableLimiter(env.RATE_LIMITER, { ctx }) });
    const get = (path, options) => caught(ghl.request({ method: 'GET', path, ...options }));
    if (url.pathname === '/burst') {
      return Response.json(await Promise.all(Array.from({ length: Number(url.searchParams.get('n')) }, () => get('/ping'))));
    }
    if (url.pathname === '/abort') {
      // The window is full: this call waits; aborted after 100 ms, it must not be sent.
      const full = Array.from({ length: ${MAX} }, () => get('/ping'));
      await Promise.all(full);
      const c = new AbortController();
      setTimeout(() => c.abort(), 100);
      const aborted = await get('/aborted', { signal: c.signal });
      const next = await get('/ping');
      return Response.json({ aborted, next });
    }
    if (url.pathname === '/hostile') {
      // Bad bindings and options: a validation HighLevelError each, never a TypeError.
      const revoked = Proxy.revocable({}, {}); revoked.revoke();
      const trap = new Proxy({}, { get() { throw new Error('trap'); } });
      const out = [];
      for (const f of [durableLimiter, durableTokenStore]) {
        for (const [ns, options] of [[undefined, undefined], [null, {}], [42, {}], [revoked.proxy, {}], [trap, {}], [env.RATE_LIMITER, 7], [env.RATE_LIMITER, trap]]) {
          try { f(ns, options); out.push('returned'); } catch (e) { out.push(e instanceof HighLevelError && e.kind === 'validation' ? 'validation' : String(e)); }
        }
      }
      return Response.json(out);
    }
    if (url.pathname === '/daily') {
      const first = await get('/daily');
      const second = await get('/ping');
      return Response.json({ first, second });
    }
    return new Response('no', { status: 404 });
  },
};
`;

let peer;
let mf;
const arrivals = new Map(); // token -> arrival times
let refused = 0;

before(async () => {
  peer = await startPeer((req, body, res) => {
    const token = String(req.headers.authorization).slice('Bearer '.length);
    const now = Date.now();
    const seen = (arrivals.get(token) ?? []).filter((t) => t > now - INTERVAL_MS);
    const headers = { 'x-ratelimit-max': MAX, 'x-ratelimit-interval-milliseconds': INTERVAL_MS, 'x-ratelimit-limit-daily': 1000, 'x-ratelimit-daily-remaining': req.url === '/daily' ? 0 : 900 };
    if (seen.length >= MAX) {
      refused++;
      return json(res, 429, { message: 'Too Many Requests' }, { ...headers, 'x-ratelimit-remaining': 0, 'retry-after': 1 });
    }
    seen.push(now);
    arrivals.set(token, seen);
    json(res, 200, { ok: true }, { ...headers, 'x-ratelimit-remaining': MAX - seen.length });
  });
  const shared = { modulesRoot: ROOT, modules: [{ type: 'ESModule', path: join(ROOT, 'worker.js'), contents: WORKER }, ...pkgModules()], compatibilityDate: '2025-01-01', bindings: { PEER: peer.baseUrl } };
  mf = new Miniflare({
    workers: [
      { ...shared, name: 'a', durableObjects: { RATE_LIMITER: 'RateLimiterObject' } },
      { ...shared, name: 'b', durableObjects: { RATE_LIMITER: { className: 'RateLimiterObject', scriptName: 'a' } } },
    ],
  });
});

after(async () => { await mf?.dispose(); await peer?.stop(); });

const call = async (worker, path) => (await (await mf.getWorker(worker)).fetch(`http://app.test${path}`)).json();

test('two isolates, one budget: 40 calls through the object, no 429, paced at the window', { timeout: 30_000 }, async () => {
  const started = Date.now();
  const [a, b] = await Promise.all([call('a', '/burst?n=20'), call('b', '/burst?n=20')]);
  const elapsed = Date.now() - started;
  assert.ok([...a, ...b].every((r) => r.ok), JSON.stringify([...a, ...b].find((r) => !r.ok)));
  assert.equal(refused, 0);
  // 40 at 5 per 500 ms: at least 7 windows after the first five.
  assert.ok(elapsed >= 7 * INTERVAL_MS, `${elapsed} ms`);
  assert.ok(elapsed < 20 * INTERVAL_MS, `${elapsed} ms`);
});

test('an abort while waiting sends nothing and frees the place', { timeout: 30_000 }, async () => {
  const out = await call('a', '/abort?token=tok-b');
  assert.deepEqual(out.aborted, { kind: 'aborted', attempts: 0 });
  assert.deepEqual(out.next, { ok: true });
  assert.equal(peer.requests.filter((r) => r.url === '/aborted').length, 0);
  assert.equal(refused, 0);
});

test('a spent daily budget fails fast without sending', { timeout: 30_000 }, async () => {
  const before = peer.requests.length;
  const out = await call('b', '/daily?token=tok-c');
  assert.deepEqual(out.first, { ok: true });
  assert.equal(out.second.kind, 'rate_limited');
  assert.equal(out.second.daily, true);
  assert.equal(peer.requests.length - before, 1);
});

test('durableLimiter and durableTokenStore refuse bad bindings and options with a validation HighLevelError', { timeout: 30_000 }, async () => {
  const out = await call('a', '/hostile');
  assert.deepEqual(out, Array(14).fill('validation'));
});
