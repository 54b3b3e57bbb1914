// `ghl.bulk(items, fn, options)`: runs `fn(item, ghl)` over many items with a
// bounded number in flight. Every call inside goes through the client's own
// pacing and retries, so the budget is shared with everything else; this file
// only schedules, reports progress and collects results in input order.
import { HighLevelError } from './error.js';

const PROGRESS_EVERY_MS = 250;

export function bulk(ghl, items, fn, options = {}) {
  return new Promise((resolve, reject) => {
    const list = Array.isArray(items) ? items : items != null && typeof items[Symbol.iterator] === 'function' ? Array.from(items) : null;
    if (list === null || typeof fn !== 'function') {
      reject(new HighLevelError({ kind: 'validation', message: 'bulk(items, fn): items must be an array or iterable and fn a function', messages: [], issues: [{ path: list === null ? 'items' : 'fn', message: list === null ? 'must be an array or iterable' : 'must be a function' }], operationId: 'bulk', retryable: false }));
      return;
    }
    const { concurrency = 8, signal, onProgress } = options ?? {};
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
        results[i] = { item: list[i], ok: false, error: new HighLevelError({ kind: 'aborted', message: 'The bulk run was aborted before this item started', messages: [], issues: [], operationId: 'bulk', retryable: false, attempts: 0, maybeApplied: false }) };
        done++;
        failed++;
      }
    };

    const pump = () => {
      if (signal?.aborted) abortRest();
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
  });
}
