//! Fixed-window rate limiting, as HighLevel advertises it: `burst` requests per
//! `interval_ms` window and `daily` per 24 h, per token. Pure: callers pass the
//! current time in milliseconds (any monotonic origin).

use std::collections::HashMap;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    window_start: u64,
    count: u32,
    day_start: u64,
    day_count: u32,
}

impl Bucket {
    pub fn new(now_ms: u64) -> Self {
        Bucket {
            window_start: now_ms,
            count: 0,
            day_start: now_ms,
            day_count: 0,
        }
    }

    /// Starts new windows whose time has come.
    fn roll(&mut self, now_ms: u64, limits: Limits) {
        if now_ms.saturating_sub(self.window_start) >= limits.interval_ms {
            self.window_start = now_ms;
            self.count = 0;
        }
        if now_ms.saturating_sub(self.day_start) >= DAY_MS {
            self.day_start = now_ms;
            self.day_count = 0;
        }
    }

    fn report(&self, allowed: bool, now_ms: u64, limits: Limits) -> Decision {
        let remaining = limits.burst.saturating_sub(self.count);
        let daily_remaining = limits.daily.saturating_sub(self.day_count);
        let retry_after_secs = if allowed {
            0
        } else {
            let until = if daily_remaining == 0 {
                (self.day_start + DAY_MS).saturating_sub(now_ms)
            } else {
                (self.window_start + limits.interval_ms).saturating_sub(now_ms)
            };
            until.div_ceil(1_000).max(1)
        };
        Decision {
            allowed,
            remaining,
            daily_remaining,
            retry_after_secs,
        }
    }

    /// Counts one request if both windows have room; a refused request is not counted.
    pub fn take(&mut self, now_ms: u64, limits: Limits) -> Decision {
        self.roll(now_ms, limits);
        let allowed = self.count < limits.burst && self.day_count < limits.daily;
        if allowed {
            self.count += 1;
            self.day_count += 1;
        }
        self.report(allowed, now_ms, limits)
    }

    /// What the headers would say now, without counting anything.
    pub fn peek(&self, now_ms: u64, limits: Limits) -> Decision {
        let mut copy = *self;
        copy.roll(now_ms, limits);
        let allowed = copy.count < limits.burst && copy.day_count < limits.daily;
        copy.report(allowed, now_ms, limits)
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
    fn burst_then_refuse_then_new_window() {
        let mut b = Bucket::new(1_000);
        assert_eq!(b.take(1_000, L).remaining, 2);
        assert_eq!(b.take(1_001, L).remaining, 1);
        let third = b.take(1_002, L);
        assert!(third.allowed);
        assert_eq!(third.remaining, 0);
        let refused = b.take(2_500, L);
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        assert_eq!(refused.retry_after_secs, 9); // window ends at 11_000: 8.5 s → 9
        let next = b.take(11_000, L);
        assert!(next.allowed);
        assert_eq!(next.remaining, 2);
        assert_eq!(next.daily_remaining, 1);
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
