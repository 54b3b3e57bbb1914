// The sliding-window budget a `RateLimiterObject` keeps for its rate key:
// the same semantics as the in-process pacer (src/pace.rs: the API's
// `X-RateLimit-*` budget learned from the first answer, the caller's cap,
// other clients' requests counted from `Remaining`, a spent daily budget
// failing fast), written for a single serialised owner that hears about
// every request of the key from every isolate. Pure: the clock is passed in.
//
// Counting: a request counts from the moment it is let go until it is
// answered; after that, from its answer for one interval (plus a margin).
// The server counts it when it arrives, which lies between the two, so the
// server's window never holds more than this one does.

export const DEFAULT_BUDGET = Object.freeze({ max: 100, intervalMs: 10_000 });
export const DEFAULT_DAILY_PROBE_MS = 900_000;
/** Entries kept per key; phantoms beyond it are not added (memory stays bounded). */
export const TRACKED = 4096;
/** A request whose answer never came (a crashed isolate) stops counting after this. */
export const STALE_MS = 120_000;

// As src/pace.rs: a slot is reused a little after the window has passed.
export const margin = (intervalMs) => Math.min(250, Math.max(20, intervalMs * 0.02));

const positive = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;

// Index of the first value > x in an ascending array.
function after(list, x) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class BudgetWindow {
  static name = 'BudgetWindow'; // kept through minification (the build drops --keep-names)
  /** What the headers said last; null until an answer came. */
  learned = null;
  /** The callers' cap (`{ max, intervalMs }`), the strictest seen. */
  cap = null;
  /** Counting times of answered requests (and phantoms), ascending. */
  answered = [];
  /** Let-go times of requests not answered yet, ascending. */
  out = [];
  probing = false;
  dailyUntil = null;
  dailyProbe = false;

  /** Clients sharing a key may cap it differently: the strictest holds. */
  tighten(cap) {
    if (!cap || !positive(cap.max) || !positive(cap.intervalMs)) return;
    this.cap = this.cap ? { max: Math.min(this.cap.max, cap.max), intervalMs: Math.max(this.cap.intervalMs, cap.intervalMs) } : { max: cap.max, intervalMs: cap.intervalMs };
  }

  budgets() {
    const api = this.learned ?? DEFAULT_BUDGET;
    return this.cap ? [api, this.cap] : [api];
  }

  #prune(now) {
    const keep = Math.max(...this.budgets().map((b) => b.intervalMs + margin(b.intervalMs)));
    const drop = after(this.answered, now - keep);
    if (drop) this.answered.splice(0, drop);
    const stale = after(this.out, now - STALE_MS);
    if (stale) this.out.splice(0, stale);
  }

  /**
   * `'spent'` while the daily budget blocks the key (fail without sending),
   * else null. Past the block, one caller probes and the rest keep failing.
   */
  daily(now) {
    if (this.dailyUntil === null) return null;
    if (now < this.dailyUntil || this.dailyProbe) return 'spent';
    this.dailyProbe = true;
    return null;
  }

  /**
   * Milliseconds until one more request fits (0: now), or Infinity when only
   * an answer can free a slot (the budget is being learned, or every request
   * that fills the window is still out).
   */
  wait(now) {
    this.#prune(now);
    if (!this.learned && this.probing) return Infinity;
    let wait = 0;
    for (const b of this.budgets()) {
      if (b.max > TRACKED) continue; // as the in-process pacer: too large to be reached by pacing
      const m = margin(b.intervalMs);
      const first = after(this.answered, now - b.intervalMs - m);
      const inWindow = this.answered.length - first + this.out.length;
      if (inWindow < b.max) continue;
      const frees = first + inWindow - b.max; // the answered entry whose expiry makes room
      if (frees >= this.answered.length) return Infinity;
      wait = Math.max(wait, this.answered[frees] + b.intervalMs + m - now);
    }
    return wait;
  }

  /** A request is let go at `now`. */
  take(now) {
    if (!this.learned) this.probing = true;
    this.out.push(now);
  }

  /** A request let go was never sent (its caller aborted): the newest stops counting. */
  cancel() {
    this.out.pop();
    if (!this.learned) this.probing = false;
  }

  /**
   * A request of this key was answered (or failed without an answer: figures
   * all null) by `now`. Which one does not matter: moving the oldest request
   * still out to `now` leaves the same counting times once all are answered,
   * and in between counts a later one longer. Learns the budget, counts
   * requests of other clients as phantoms, and blocks a spent daily budget.
   */
  answer(now, figures = {}, dailyProbeMs = DEFAULT_DAILY_PROBE_MS) {
    this.probing = false;
    const sentAt = this.out.shift() ?? now;
    this.answered.splice(after(this.answered, now), 0, now);
    if (this.answered.length > TRACKED) this.answered.shift(); // only an untracked budget gets here
    const { max, intervalMs, remaining, dailyRemaining } = figures ?? {};
    if (positive(max) && positive(intervalMs)) this.learned = { max, intervalMs };
    else if (!this.learned && remaining == null) this.learned = { ...DEFAULT_BUDGET }; // no headers at all (a proxy, a mock)
    if (this.learned && typeof remaining === 'number' && remaining >= 0) {
      // Generous count of our own requests in the server's window.
      const b = this.learned;
      const ours = this.answered.length - after(this.answered, sentAt - b.intervalMs - margin(b.intervalMs)) + this.out.length;
      const theirs = Math.min(b.max - remaining - ours, TRACKED - this.answered.length - this.out.length);
      for (let i = 0; i < theirs; i++) this.answered.splice(after(this.answered, now), 0, now);
    }
    if (dailyRemaining === 0) {
      this.dailyUntil = now + dailyProbeMs;
      this.dailyProbe = false;
    } else if (typeof dailyRemaining === 'number' || this.dailyProbe) {
      if (typeof dailyRemaining === 'number') this.dailyUntil = null;
      this.dailyProbe = false;
    }
  }
}
