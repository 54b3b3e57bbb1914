// The sliding window behind RateLimiterObject (pkg/workers-window.js), pure,
// with a fake clock: learning, the window, unanswered requests, phantoms,
// the daily block, the cap, and a simulated server that must never refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetWindow, STALE_MS, margin } from '../../pkg/workers-window.js';

const figures = (max, remaining, intervalMs, dailyRemaining = 900) => ({ max, remaining, intervalMs, dailyLimit: 1000, dailyRemaining });

test('the first request learns the budget; the rest wait for its answer', () => {
  const w = new BudgetWindow();
  assert.equal(w.wait(0), 0);
  w.take(0);
  assert.equal(w.wait(1), Infinity);
  w.answer(5, figures(3, 2, 1000));
  assert.deepEqual(w.learned, { max: 3, intervalMs: 1000 });
  assert.equal(w.wait(5), 0);
});

test('a slot frees one interval (plus the margin) after the answer; unanswered requests keep counting', () => {
  const w = new BudgetWindow();
  w.take(0);
  w.answer(10, figures(3, 2, 1000));
  w.take(10);
  w.take(10);
  assert.equal(w.wait(20), 10 + 1000 + margin(1000) - 20); // full: the answered one leaves first
  w.answer(30, figures(3, 1, 1000));
  w.answer(40, figures(3, 0, 1000));
  assert.equal(w.wait(50), 10 + 1000 + margin(1000) - 50);
  assert.equal(w.wait(10 + 1000 + margin(1000) + 1), 0);
  // A request whose answer never comes stops counting after STALE_MS.
  const s = new BudgetWindow();
  s.take(0);
  s.answer(0, figures(1, 0, 1000));
  s.take(2000);
  assert.equal(s.wait(3000), Infinity);
  assert.equal(s.wait(2000 + STALE_MS + 1), 0);
});

test('other clients of the key count from Remaining; cancel and the cap', () => {
  const w = new BudgetWindow();
  w.take(0);
  w.answer(1, figures(10, 5, 1000)); // the server saw 5: 4 are not ours
  for (let i = 0; i < 5; i++) { assert.equal(w.wait(1), 0); w.take(1); }
  assert.equal(w.wait(1), 1 + 1000 + margin(1000) - 1);
  w.cancel();
  assert.equal(w.wait(1), 0);
  const c = new BudgetWindow();
  c.tighten({ max: 2, intervalMs: 1000 });
  c.take(0);
  c.answer(0, figures(100, 99, 10_000));
  c.take(0);
  c.answer(0, figures(100, 98, 10_000));
  assert.equal(c.wait(0), 1000 + margin(1000));
});

test('a spent daily budget fails fast, then one caller probes', () => {
  const w = new BudgetWindow();
  w.take(0);
  w.answer(0, figures(100, 99, 10_000, 0), 60_000);
  assert.equal(w.daily(1), 'spent');
  assert.equal(w.daily(60_001), null); // the probe
  assert.equal(w.daily(60_002), 'spent'); // the others, meanwhile
  w.take(60_001);
  w.answer(60_010, figures(100, 98, 10_000, 500));
  assert.equal(w.daily(60_011), null);
  assert.equal(w.daily(60_012), null);
});

test('a simulated server with random latency never refuses, and the window stays busy', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const MAX = 20;
  const W = 1000;
  const w = new BudgetWindow();
  const arrivals = [];
  const events = []; // [time, fn]
  let now = 0;
  let sent = 0;
  let refused = 0;
  const at = (t, fn) => { events.push([t, fn]); events.sort((a, b) => a[0] - b[0]); };
  const pump = () => {
    while (sent < 600) {
      const d = w.wait(now);
      if (d > 0) { if (Number.isFinite(d)) at(now + d, pump); return; }
      w.take(now);
      sent++;
      const arrive = now + rand() * 40;
      const answer = arrive + rand() * 60;
      at(arrive, () => {
        const inWindow = arrivals.filter((a) => a > arrive - W).length;
        if (inWindow >= MAX) refused++;
        else arrivals.push(arrive);
        at(answer + rand() * 20, () => { w.answer(now, figures(MAX, Math.max(0, MAX - inWindow - 1), W)); pump(); });
      });
    }
  };
  pump();
  while (events.length) { const [t, fn] = events.shift(); now = t; fn(); }
  assert.equal(refused, 0);
  assert.equal(sent, 600);
  const rate = (600 - MAX) / (now / 1000);
  assert.ok(rate >= 0.85 * MAX, `only ${rate.toFixed(1)} per s`);
});
