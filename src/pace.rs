//! Pacing decisions for one rate key, as pure functions of an injected clock
//! (milliseconds, any monotonic origin): when the next request may leave, what
//! the `X-RateLimit-*` headers teach, and when a spent daily budget blocks.
//! The wasm side keeps one `Window` per key and turns a wait into a timer.

use crate::retry::RateLimit;

/// HighLevel's documented burst budget, used until the headers say otherwise.
pub const DEFAULT_MAX: u32 = 100;
pub const DEFAULT_INTERVAL_MS: f64 = 10_000.0;
/// How long a spent daily budget blocks a key before one call probes again.
pub const DEFAULT_DAILY_PROBE_MS: f64 = 900_000.0;

/// Send times kept per key (HighLevel's budget is 100 per window). Only the last `max` matter to a budget, so a
/// budget larger than this is not paced at all (it cannot be reached by one
/// process's pacing anyway) and memory stays bounded at any call rate.
pub const TRACKED: usize = 1024;

/// The client counts a request when it leaves, the server when it arrives:
/// a slot is reused a little after the window has passed, so jitter in
/// delivery cannot put one request too many into the server's window.
fn margin(interval_ms: f64) -> f64 {
    (interval_ms * 0.02).clamp(20.0, 250.0)
}

/// At most `max` requests in any `interval_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub max: u32,
    pub interval_ms: f64,
}

/// What `acquire` answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    /// Send after this many milliseconds (0: now); the slot is reserved at `at`.
    At { wait_ms: f64, at: f64 },
    /// The key's budget is not known yet and its first request is in flight:
    /// ask again after this many milliseconds.
    Learning { poll_ms: f64 },
    /// The daily budget is spent: fail without sending until `until`.
    DailySpent { until: f64 },
}

#[derive(Debug)]
pub struct Window {
    /// The caller's cap (`rateLimit.max` / `intervalMs`), if any.
    cap: Option<Budget>,
    /// What the headers said last, once a response came.
    learned: Option<Budget>,
    /// Send times of reserved slots (phantoms included), ascending. A Vec,
    /// not a VecDeque: the deque's ring copies were ~0.6 KB of v2 wasm gzip,
    /// and moving at most 1,024 floats when the oldest goes costs little.
    sent: Vec<f64>,
    /// A first request is out and nothing is known yet.
    probing: bool,
    daily_until: Option<f64>,
    daily_probe: bool,
}

impl Window {
    pub fn new(cap: Option<Budget>) -> Window {
        Window { cap, learned: None, sent: Vec::new(), probing: false, daily_until: None, daily_probe: false }
    }

    /// Clients sharing a key may cap it differently: the strictest holds.
    pub fn tighten(&mut self, cap: Option<Budget>) {
        if let Some(c) = cap {
            self.cap = Some(match self.cap {
                Some(old) => Budget { max: old.max.min(c.max), interval_ms: old.interval_ms.max(c.interval_ms) },
                None => c,
            });
        }
    }

    fn budgets(&self) -> impl Iterator<Item = Budget> + '_ {
        let api = self.learned.unwrap_or(Budget { max: DEFAULT_MAX, interval_ms: DEFAULT_INTERVAL_MS });
        std::iter::once(api).chain(self.cap)
    }

    fn longest_interval(&self) -> f64 {
        self.budgets().map(|b| b.interval_ms + margin(b.interval_ms)).fold(0.0, f64::max)
    }

    /// Reserves the first free slot, never before one reserved earlier, so
    /// waiters leave in the order they asked. (A retry's back-off is waited
    /// out before asking: a slot held through it would hold up everyone.)
    pub fn acquire(&mut self, now: f64) -> Slot {
        if let Some(until) = self.daily_until {
            if now < until || self.daily_probe {
                return Slot::DailySpent { until: until.max(now + 1.0) };
            }
            // Past the block: this one call probes; the rest keep failing fast.
            self.daily_probe = true;
        }
        if self.learned.is_none() {
            if self.probing {
                return Slot::Learning { poll_ms: 20.0 };
            }
            self.probing = true;
        }
        let keep = self.longest_interval();
        let expired = self.sent.iter().take_while(|&&t| t <= now - keep).count();
        self.sent.drain(..expired);
        let mut at = now.max(self.sent.last().copied().unwrap_or(f64::MIN));
        // Each budget can only push `at` later; two passes settle both.
        for _ in 0..3 {
            let before = at;
            for b in self.budgets() {
                let max = b.max.max(1) as usize;
                if max <= TRACKED && self.sent.len() >= max {
                    if let Some(&t) = self.sent.get(self.sent.len() - max) {
                        at = at.max(t + b.interval_ms + margin(b.interval_ms));
                    }
                }
            }
            if at == before {
                break;
            }
        }
        if self.sent.len() >= TRACKED {
            self.sent.remove(0);
        }
        self.sent.push(at);
        Slot::At { wait_ms: at - now, at }
    }

    /// A waiter woke at `now` for the slot it reserved at `at`: the slot
    /// holds unless an earlier request left late (timers and event loops lag),
    /// which pushes it back. Answers the further wait and the slot now held;
    /// with no further wait the slot is counted from `now`, when it leaves.
    pub fn confirm(&mut self, at: f64, now: f64) -> (f64, f64) {
        let Some(i) = self.sent.iter().rposition(|&t| t == at) else { return (0.0, now) };
        self.sent.remove(i);
        // Later reservations are not counted: each re-checks when it wakes.
        let mut t = now;
        for _ in 0..4 {
            let k = self.sent.partition_point(|&x| x <= t);
            let mut need = t;
            for b in self.budgets() {
                if let Some(&x) = k.checked_sub(b.max.max(1) as usize).filter(|_| b.max as usize <= TRACKED).and_then(|j| self.sent.get(j)) {
                    need = need.max(x + b.interval_ms + margin(b.interval_ms));
                }
            }
            if need <= t {
                break;
            }
            t = need;
        }
        let k = self.sent.partition_point(|&x| x <= t);
        self.sent.insert(k, t);
        (if t > now { t - now } else { 0.0 }, t)
    }

    /// Gives back a reserved slot that was never used (an abort while waiting).
    pub fn release(&mut self, at: f64) {
        if let Some(i) = self.sent.iter().rposition(|&t| t == at) {
            self.sent.remove(i);
        }
        self.probing = false;
    }

    /// A request sent at `sent_at` was answered at `now` (or failed without an
    /// answer: `figures` all `None`). Learns the budget, counts requests of
    /// other clients of the same key, and blocks a spent daily budget.
    pub fn learn(&mut self, now: f64, sent_at: f64, figures: &RateLimit, daily_probe_ms: f64) {
        self.probing = false;
        // The server counted the request when it arrived, somewhere between
        // sending (a connection to open, a transport to load) and the answer:
        // count it from the answer, the latest it can have arrived. Waiters
        // that reserved after it re-check when they wake (`confirm`).
        if now > sent_at {
            if let Some(i) = self.sent.iter().rposition(|&t| t == sent_at) {
                self.sent.remove(i);
                let at = self.sent.partition_point(|&t| t <= now);
                self.sent.insert(at, now);
            }
        }
        if let (Some(max), Some(interval)) = (figures.max, figures.interval_ms) {
            if max > 0 && interval > 0 {
                self.learned = Some(Budget { max, interval_ms: f64::from(interval) });
            }
        } else if self.learned.is_none() && figures.remaining.is_none() {
            // No headers at all (a proxy, a mock): the documented default.
            self.learned = Some(Budget { max: DEFAULT_MAX, interval_ms: DEFAULT_INTERVAL_MS });
        }
        if let (Some(b), Some(remaining)) = (self.learned, figures.remaining) {
            // Generous count of our own requests in the server's window, so
            // only requests we cannot account for become phantoms.
            let from = sent_at - b.interval_ms - margin(b.interval_ms);
            let ours = (self.sent.partition_point(|&t| t <= now) - self.sent.partition_point(|&t| t <= from)) as u32;
            let theirs = b.max.saturating_sub(remaining).saturating_sub(ours);
            // Phantoms only where the budget is tracked at all.
            let room = if b.max as usize <= TRACKED { TRACKED.saturating_sub(self.sent.len()) } else { 0 };
            for _ in 0..(theirs as usize).min(room) {
                let i = self.sent.partition_point(|&t| t <= now);
                self.sent.insert(i, now);
            }
        }
        match figures.daily_remaining {
            Some(0) => {
                self.daily_until = Some(now + daily_probe_ms);
                self.daily_probe = false;
            }
            Some(_) => {
                self.daily_until = None;
                self.daily_probe = false;
            }
            None if self.daily_probe => self.daily_probe = false,
            None => {}
        }
    }

    /// The budget in force: what the headers said (or the default), capped.
    pub fn budget(&self) -> Budget {
        self.budgets().fold(Budget { max: u32::MAX, interval_ms: 0.0 }, |a, b| Budget { max: a.max.min(b.max), interval_ms: a.interval_ms.max(b.interval_ms) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(max: u32, remaining: u32, interval: u32) -> RateLimit {
        RateLimit { max: Some(max), remaining: Some(remaining), interval_ms: Some(interval), daily_limit: Some(1000), daily_remaining: Some(900) }
    }

    fn wait(s: Slot) -> f64 {
        match s {
            Slot::At { wait_ms, .. } => wait_ms,
            other => panic!("expected a slot, got {other:?}"), // ok: test
        }
    }

    #[test]
    fn first_request_probes_and_the_rest_wait_to_learn() {
        let mut w = Window::new(None);
        assert_eq!(wait(w.acquire(0.0)), 0.0);
        assert_eq!(w.acquire(1.0), Slot::Learning { poll_ms: 20.0 });
        w.learn(5.0, 0.0, &figures(20, 19, 1000), 1.0);
        assert_eq!(wait(w.acquire(5.0)), 0.0);
    }

    #[test]
    fn sliding_window_spaces_requests_by_the_learned_budget() {
        let mut w = Window::new(None);
        w.acquire(0.0);
        w.learn(1.0, 0.0, &figures(3, 2, 1000), 1.0);
        assert_eq!(wait(w.acquire(1.0)), 0.0);
        assert_eq!(wait(w.acquire(1.0)), 0.0);
        // The fourth waits for the first to leave the window, plus the margin.
        assert_eq!(wait(w.acquire(2.0)), 1.0 + 1000.0 + 20.0 - 2.0);
        // The fifth and sixth take the slots the second and third free.
        assert_eq!(wait(w.acquire(3.0)), 1021.0 - 3.0);
        assert_eq!(wait(w.acquire(4.0)), 1021.0 - 4.0);
        let Slot::At { at, .. } = w.acquire(5.0) else { panic!() }; // ok: test
        assert_eq!(at, 2041.0);
        // The fourth to sixth left 30 ms late: the seventh, a window after them, waits more.
        for _ in 0..3 {
            assert_eq!(w.confirm(1021.0, 1051.0), (0.0, 1051.0));
        }
        assert_eq!(w.confirm(2041.0, 2041.0), (30.0, 2071.0));
        assert_eq!(w.confirm(2071.0, 2071.0), (0.0, 2071.0));
    }

    #[test]
    fn a_cap_tightens_the_budget() {
        let mut w = Window::new(Some(Budget { max: 2, interval_ms: 1000.0 }));
        assert_eq!(wait(w.acquire(0.0)), 0.0);
        w.learn(0.0, 0.0, &figures(100, 99, 10_000), 1.0);
        assert_eq!(wait(w.acquire(0.0)), 0.0);
        assert_eq!(wait(w.acquire(0.0)), 1020.0);
        assert_eq!(w.budget(), Budget { max: 2, interval_ms: 10_000.0 });
    }

    #[test]
    fn release_frees_a_slot() {
        let mut w = Window::new(Some(Budget { max: 1, interval_ms: 100.0 }));
        w.acquire(0.0);
        w.learn(0.0, 0.0, &figures(100, 99, 10_000), 1.0);
        let Slot::At { at, .. } = w.acquire(0.0) else { panic!() }; // ok: test
        assert_eq!(at, 120.0);
        w.release(at);
        assert_eq!(wait(w.acquire(0.0)), 120.0);
        w.release(120.0);
        w.release(0.0);
        assert_eq!(wait(w.acquire(0.0)), 0.0);
    }

    #[test]
    fn other_clients_requests_count_as_phantoms() {
        let mut w = Window::new(None);
        w.acquire(0.0);
        // The server saw 5 of the 10 when we sent 1.
        w.learn(2.0, 0.0, &figures(10, 5, 1000), 1.0);
        for _ in 0..5 {
            assert_eq!(wait(w.acquire(2.0)), 0.0);
        }
        assert!(wait(w.acquire(2.0)) > 900.0);
    }

    #[test]
    fn spent_daily_budget_fails_fast_then_one_call_probes() {
        let mut w = Window::new(None);
        w.acquire(0.0);
        let spent = RateLimit { daily_remaining: Some(0), ..figures(10, 9, 1000) };
        w.learn(1.0, 0.0, &spent, 100.0);
        assert_eq!(w.acquire(50.0), Slot::DailySpent { until: 101.0 });
        assert!(matches!(w.acquire(101.0), Slot::At { .. }));
        assert!(matches!(w.acquire(102.0), Slot::DailySpent { .. }));
        w.learn(110.0, 101.0, &figures(10, 8, 1000), 100.0);
        assert!(matches!(w.acquire(111.0), Slot::At { .. }));
    }

    #[test]
    fn a_budget_too_large_to_track_is_not_paced_and_memory_stays_bounded() {
        let mut w = Window::new(None);
        w.acquire(0.0);
        // Other clients used half of a huge budget: no phantoms, no waits.
        w.learn(1.0, 0.0, &figures(1_000_000_000, 500_000_000, 10_000), 1.0);
        for i in 0..20_000 {
            assert_eq!(wait(w.acquire(2.0 + f64::from(i) * 0.001)), 0.0);
        }
        assert!(w.sent.len() <= TRACKED);
    }

    #[test]
    fn no_headers_means_the_documented_default() {
        let mut w = Window::new(None);
        w.acquire(0.0);
        w.learn(1.0, 0.0, &RateLimit::default(), 1.0);
        assert_eq!(w.budget(), Budget { max: 100, interval_ms: 10_000.0 });
    }
}
