//! Rate limiting as HighLevel advertises it, per token: at most `burst`
//! requests in any `interval_ms` (a sliding window: the requests that arrived
//! in the last `interval_ms` count) and `daily` per 24 h (a fixed day from the
//! first request). Pure: callers pass the current time in milliseconds (any
//! monotonic origin), so tests drive it with a fake clock.

use std::collections::{HashMap, VecDeque};

pub const DAY_MS: u64 = 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub burst: u32,
    pub interval_ms: u64,
    pub daily: u32,
}

/// What the `X-RateLimit-*` / `Retry-After` headers report for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub remaining: u32,
    pub daily_remaining: u32,
    /// Whole seconds until a request would be allowed again (0 when allowed).
    pub retry_after_secs: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Arrival times of the accepted requests still inside the window, oldest first.
    recent: VecDeque<u64>,
    day_start: u64,
    day_count: u32,
}

impl Bucket {
    pub fn new(now_ms: u64) -> Self {
        Bucket {
            recent: VecDeque::new(),
            day_start: now_ms,
            day_count: 0,
        }
    }

    /// Index of the first arrival still inside the window ending at `now_ms`.
    fn first_live(&self, now_ms: u64, limits: Limits) -> usize {
        self.recent
            .partition_point(|&t| now_ms.saturating_sub(t) >= limits.interval_ms)
    }

    /// The day's start and count as of `now_ms` (a new day starts when due).
    fn day_at(&self, now_ms: u64) -> (u64, u32) {
        if now_ms.saturating_sub(self.day_start) >= DAY_MS {
            (now_ms, 0)
        } else {
            (self.day_start, self.day_count)
        }
    }

    /// The decision at `now_ms`, reading the bucket without changing it.
    fn decide(&self, now_ms: u64, limits: Limits) -> Decision {
        let (day_start, day_count) = self.day_at(now_ms);
        let live = self.first_live(now_ms, limits);
        let in_window = self.recent.len() - live;
        let allowed = (in_window as u64) < u64::from(limits.burst) && day_count < limits.daily;
        let remaining = limits
            .burst
            .saturating_sub(u32::try_from(in_window).unwrap_or(u32::MAX));
        let daily_remaining = limits.daily.saturating_sub(day_count);
        let retry_after_secs = if allowed {
            0
        } else {
            let day_wait = if daily_remaining == 0 {
                (day_start + DAY_MS).saturating_sub(now_ms)
            } else {
                0
            };
            // A full window frees a slot when its oldest arrival leaves it.
            let window_wait = match self.recent.get(live) {
                Some(&oldest) if remaining == 0 => {
                    (oldest + limits.interval_ms).saturating_sub(now_ms)
                }
                _ => 0,
            };
            day_wait.max(window_wait).div_ceil(1_000).max(1)
        };
        Decision {
            allowed,
            remaining,
            daily_remaining,
            retry_after_secs,
        }
    }

    /// Counts one request if both limits have room; a refused request is not counted.
    pub fn take(&mut self, now_ms: u64, limits: Limits) -> Decision {
        (self.day_start, self.day_count) = self.day_at(now_ms);
        let live = self.first_live(now_ms, limits);
        self.recent.drain(..live);
        let before = self.decide(now_ms, limits);
        if !before.allowed {
            return before;
        }
        // Arrivals stay sorted even if two callers read the clock out of order.
        let at = self.recent.back().map_or(now_ms, |&last| last.max(now_ms));
        self.recent.push_back(at);
        self.day_count += 1;
        Decision {
            remaining: before.remaining.saturating_sub(1),
            daily_remaining: before.daily_remaining.saturating_sub(1),
            ..before
        }
    }

    /// What the headers would say now, without counting anything.
    pub fn peek(&self, now_ms: u64, limits: Limits) -> Decision {
        self.decide(now_ms, limits)
    }
}

/// Buckets by key. Keys are chosen by the caller (the sandbox uses a fixed
/// name for its one valid token and `"anonymous"` for everything else, so the
/// map stays bounded whatever clients send).
#[derive(Debug)]
pub struct Limiter {
    pub limits: Limits,
    buckets: HashMap<&'static str, Bucket>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Limiter {
            limits,
            buckets: HashMap::new(),
        }
    }

    pub fn take(&mut self, key: &'static str, now_ms: u64) -> Decision {
        let limits = self.limits;
        self.buckets
            .entry(key)
            .or_insert_with(|| Bucket::new(now_ms))
            .take(now_ms, limits)
    }

    pub fn peek(&self, key: &'static str, now_ms: u64) -> Decision {
        match self.buckets.get(key) {
            Some(b) => b.peek(now_ms, self.limits),
            None => Bucket::new(now_ms).peek(now_ms, self.limits),
        }
    }

    pub fn clear(&mut self) {
        self.buckets.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits {
        burst: 3,
        interval_ms: 10_000,
        daily: 5,
    };

    #[test]
    fn window_slides_one_arrival_at_a_time() {
        let mut b = Bucket::new(0);
        assert_eq!(b.take(1_000, L).remaining, 2);
        assert_eq!(b.take(4_000, L).remaining, 1);
        let third = b.take(7_000, L);
        assert!(third.allowed);
        assert_eq!(third.remaining, 0);
        let refused = b.take(8_500, L);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_secs, 3); // the 1_000 arrival leaves at 11_000: 2.5 s → 3
        // A fixed window would have opened 3 slots at 11_000; a sliding one frees one.
        let next = b.take(11_000, L);
        assert!(next.allowed);
        assert_eq!(next.remaining, 0);
        let refused = b.take(12_000, L);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_secs, 2); // the 4_000 arrival leaves at 14_000
        assert!(b.take(14_000, L).allowed);
        assert_eq!(b.peek(14_000, L).daily_remaining, 0);
    }

    #[test]
    fn an_arrival_exactly_interval_ago_has_left() {
        let mut b = Bucket::new(0);
        for t in [0, 1, 2] {
            assert!(b.take(t, L).allowed);
        }
        assert!(!b.take(9_999, L).allowed);
        assert_eq!(b.peek(10_000, L).remaining, 1);
        assert_eq!(b.peek(10_002, L).remaining, 3);
    }

    #[test]
    fn refused_requests_are_not_counted() {
        let mut b = Bucket::new(0);
        for _ in 0..3 {
            assert!(b.take(0, L).allowed);
        }
        for _ in 0..10 {
            assert!(!b.take(1, L).allowed);
        }
        assert_eq!(b.take(10_000, L).daily_remaining, 1);
    }

    #[test]
    fn daily_limit_wins_and_reports_day_reset() {
        let mut b = Bucket::new(0);
        let mut t = 0;
        for _ in 0..5 {
            assert!(b.take(t, L).allowed);
            t += 10_000;
        }
        let d = b.take(t, L);
        assert!(!d.allowed);
        assert_eq!(d.daily_remaining, 0);
        assert_eq!(d.remaining, 3);
        assert_eq!(d.retry_after_secs, (DAY_MS - t) / 1_000);
        assert!(b.take(DAY_MS, L).allowed);
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        let mut b = Bucket::new(0);
        for _ in 0..3 {
            b.take(0, L);
        }
        assert_eq!(b.take(9_999, L).retry_after_secs, 1);
    }

    #[test]
    fn out_of_order_clock_reads_keep_arrivals_sorted() {
        let mut b = Bucket::new(0);
        b.take(500, L);
        b.take(400, L);
        assert_eq!(b.peek(10_499, L).remaining, 1);
        assert_eq!(b.peek(10_500, L).remaining, 3);
    }

    #[test]
    fn peek_does_not_count() {
        let mut lim = Limiter::new(L);
        assert_eq!(lim.peek("a", 0).remaining, 3);
        lim.take("a", 0);
        assert_eq!(lim.peek("a", 0).remaining, 2);
        assert_eq!(lim.peek("a", 0).remaining, 2);
        assert_eq!(lim.peek("b", 0).remaining, 3);
        assert_eq!(lim.peek("a", 10_000).remaining, 3);
        lim.clear();
        assert_eq!(lim.peek("a", 1).remaining, 3);
    }
}
