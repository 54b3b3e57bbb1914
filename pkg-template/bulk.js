// `ghl.bulk(items, fn, options)`: runs `fn(item, ghl)` over many items with a
// bounded number in flight. Every call inside goes through the client's own
// pacing and retries, so the budget is shared with everything else; this file
// only schedules, reports progress and collects results in input order.
import { asError, failure, invalid } from './error.js';
import { abortedOf, add } from './caller.js';

const PROGRESS_EVERY_MS = 250;

const MAX_ITEMS = 10_000_000;

// The items, read once (an array or any iterable, at most MAX_ITEMS), or a string saying what is wrong.
function listOf(items) {
  if (items === null || items === undefined || typeof items[Symbol.iterator] !== 'function') return 'must be an array or iterable';
  if (Array.isArray(items) && items.length > MAX_ITEMS) return `has more than ${MAX_ITEMS} items`;
  const list = [];
  for (const item of items) {
    if (list.length >= MAX_ITEMS) return `has more than ${MAX_ITEMS} items`;
    list.push(item);
  }
  return list;
}

export function bulk(ghl, items, fn, options = {}) {
  return new Promise((resolve, reject) => {
    try {
      run(ghl, items, fn, options, resolve, reject);
    } catch (e) {
      reject(asError(e, 'bulk'));
    }
  });
}

function run(ghl, items, fn, options, resolve, reject) {
  const list = listOf(items);
  const issues = [];
  if (typeof list === 'string') add(issues, 'items', list);
  if (typeof fn !== 'function') add(issues, 'fn', 'must be a function');
  if (options !== undefined && options !== null && typeof options !== 'object') add(issues, 'options', 'must be an object');
  const { concurrency = 8, signal, onProgress } = options ?? {};
  // A genuine AbortSignal, read through its own getter (nothing of the caller's runs later).
  if (signal !== undefined && signal !== null && abortedOf) {
    try { abortedOf.call(signal); } catch { add(issues, 'options.signal', 'must be an AbortSignal'); }
  }
  if (issues.length) {
    reject(invalid('bulk', issues));
    return;
  }
  const aborted = () => (signal === undefined || signal === null ? false : abortedOf ? abortedOf.call(signal) : signal.aborted === true);
  const limit = Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 8;
  const total = list.length;
  const results = new Array(total);
  const started = Date.now();
  let next = 0;
  let inFlight = 0;
  let done = 0;
  let failed = 0;
  let lastReport = 0;

  const report = (final) => {
    if (typeof onProgress !== 'function') return;
    const now = Date.now();
    if (!final && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const elapsed = Math.max(now - started, 1);
    const ratePerSec = (done * 1000) / elapsed;
    const etaMs = done === 0 ? null : Math.round(((total - done) * elapsed) / done);
    try { onProgress({ done, failed, total, ratePerSec, etaMs }); } catch { /* a progress callback must not break the run */ }
  };

  const finish = () => {
    report(true);
    const succeeded = results.filter((r) => r.ok).length;
    resolve({ results, succeeded, failed: total - succeeded });
  };

  const abortRest = () => {
    while (next < total) {
      const i = next++;
      results[i] = { item: list[i], ok: false, error: failure('aborted', 'The bulk run was aborted before this item started', { operationId: 'bulk', attempts: 0, maybeApplied: false }) };
      done++;
      failed++;
    }
  };

  const pump = () => {
    if (aborted()) abortRest();
    while (inFlight < limit && next < total) {
      const i = next++;
      inFlight++;
      let p;
      try { p = Promise.resolve(fn(list[i], ghl)); } catch (e) { p = Promise.reject(e); }
      p.then(
        (value) => { results[i] = { item: list[i], ok: true, value }; },
        (error) => { results[i] = { item: list[i], ok: false, error }; failed++; },
      ).then(() => {
        inFlight--;
        done++;
        report(false);
        pump();
      });
    }
    if (inFlight === 0 && next >= total) finish();
  };

  if (total === 0) return finish();
  pump();
}
