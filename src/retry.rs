//! Retry decisions as pure functions: the transport asks, these answer, and
//! tests pin the answers without a clock or a network.

use crate::errors::Kind;

/// How far a failed attempt got.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reach {
    /// Never left (connection refused, no slot): repeating it is always safe.
    NotSent,
    /// May have reached the server (reset after sending, timeout, abort).
    MaybeSent,
    /// The server answered.
    Answered,
}

/// What one failed attempt looked like.
#[derive(Clone, Copy, Debug)]
pub struct Failed<'a> {
    pub kind: Kind,
    /// HTTP status, 0 without an answer.
    pub status: u16,
    pub reach: Reach,
    pub retry_after: Option<&'a str>,
}

/// The one retry rule. A rate limit or a request that never left is always
/// worth another try; a gateway error, a lost connection or a timeout only
/// when repeating the call is harmless (`idempotent`).
pub fn should_retry(f: &Failed, idempotent: bool) -> bool {
    match f.kind {
        Kind::Aborted | Kind::Validation | Kind::Decode => false,
        _ if f.status == 429 => true,
        _ if f.reach == Reach::NotSent => true,
        _ if matches!(f.status, 408 | 500 | 502 | 503 | 504) => idempotent,
        _ => f.reach == Reach::MaybeSent && idempotent,
    }
}

/// Whether a call that ends with this failure may have taken effect anyway:
/// an answer that does not say it was refused (408, 5xx, an unreadable 2xx),
/// or no answer after the request left.
pub fn maybe_applied(f: &Failed) -> bool {
    match f.reach {
        Reach::NotSent => false,
        Reach::MaybeSent => true,
        Reach::Answered => f.status == 408 || f.status >= 500 || (200..300).contains(&f.status),
    }
}

/// Back-off before retry number `attempt` (0-based), in ms. `Retry-After`
/// (seconds or an HTTP date, against `now_ms` since the epoch) wins, capped
/// at 60 s; a 429 without it waits out the rate window its headers describe
/// (`window_ms`); else exponential from 500 ms, capped at 8 s, with full
/// jitter (`jitter` in [0, 1)).
pub fn delay_ms(attempt: u32, f: &Failed, window_ms: Option<f64>, now_ms: f64, jitter: f64) -> f64 {
    if let Some(ms) = f.retry_after.and_then(|h| retry_after_ms(h, now_ms)) {
        return ms.min(60_000.0);
    }
    if let (429, Some(w)) = (f.status, window_ms) {
        return w.clamp(0.0, 60_000.0);
    }
    let base = (500.0 * f64::from(1u32 << attempt.min(5))).min(8_000.0);
    base * jitter.clamp(0.0, 1.0)
}

/// `Retry-After` as a wait in ms: delta-seconds or an IMF-fixdate.
pub fn retry_after_ms(h: &str, now_ms: f64) -> Option<f64> {
    let h = h.trim();
    if let Some(secs) = crate::num::parse(h.as_bytes()) {
        // Finite: `1e308` seconds is more than an f64 of ms holds.
        return (secs.is_finite() && secs >= 0.0).then_some((secs * 1000.0).min(f64::MAX));
    }
    http_date_ms(h).map(|at| (at - now_ms).max(0.0))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` → ms since the epoch.
fn http_date_ms(s: &str) -> Option<f64> {
    let mut it = s.split_whitespace().skip(1);
    let day = crate::num::int(it.next()?)?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|m| Some(*m) == it.clone().next())? as i64 + 1;
    it.next();
    let year = crate::num::int(it.next()?)?;
    let mut hms = it.next()?.split(':').map(crate::num::int);
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    // In range before any arithmetic: a year or hour of 19 digits would overflow it.
    if it.next() != Some("GMT") || !(1..=31).contains(&day) || !(0..=9999).contains(&year) || !(0..=23).contains(&h) || !(0..=59).contains(&m) || !(0..=60).contains(&sec) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + m * 60 + sec) * 1000) as f64)
}

/// What the `X-RateLimit-*` headers of a response said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub max: Option<u32>,
    pub remaining: Option<u32>,
    pub interval_ms: Option<u32>,
    pub daily_limit: Option<u32>,
    pub daily_remaining: Option<u32>,
}

impl RateLimit {
    pub fn from_headers(get: impl Fn(&str) -> Option<String>) -> RateLimit {
        let n = |name: &str| get(name).and_then(|v| crate::num::uint(v.trim())).and_then(|n| u32::try_from(n).ok());
        RateLimit {
            max: n("x-ratelimit-max"),
            remaining: n("x-ratelimit-remaining"),
            interval_ms: n("x-ratelimit-interval-milliseconds"),
            daily_limit: n("x-ratelimit-limit-daily"),
            daily_remaining: n("x-ratelimit-daily-remaining"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(kind: Kind, status: u16, reach: Reach) -> Failed<'static> {
        Failed { kind, status, reach, retry_after: None }
    }

    #[test]
    fn what_is_retried_when() {
        let post = false;
        let get = true;
        // Every operation: 429 and requests that never left.
        assert!(should_retry(&failed(Kind::RateLimited, 429, Reach::Answered), post));
        assert!(should_retry(&failed(Kind::Network, 0, Reach::NotSent), post));
        // Only idempotent ones: 408/5xx answers, resets after sending, timeouts.
        for s in [408, 500, 502, 503, 504] {
            let f = failed(Kind::from_status(s), s, Reach::Answered);
            assert!(!should_retry(&f, post), "{s}");
            assert!(should_retry(&f, get), "{s}");
            assert!(maybe_applied(&f), "{s}");
        }
        assert!(!should_retry(&failed(Kind::Server, 501, Reach::Answered), get));
        assert!(!should_retry(&failed(Kind::Network, 0, Reach::MaybeSent), post));
        assert!(should_retry(&failed(Kind::Timeout, 0, Reach::MaybeSent), get));
        assert!(!should_retry(&failed(Kind::BadRequest, 400, Reach::Answered), get));
        assert!(!should_retry(&failed(Kind::Aborted, 0, Reach::NotSent), get));
    }

    #[test]
    fn maybe_applied_only_when_the_request_may_have_landed() {
        assert!(!maybe_applied(&failed(Kind::RateLimited, 429, Reach::Answered)));
        assert!(!maybe_applied(&failed(Kind::Network, 0, Reach::NotSent)));
        assert!(!maybe_applied(&failed(Kind::Unprocessable, 422, Reach::Answered)));
        assert!(maybe_applied(&failed(Kind::Timeout, 0, Reach::MaybeSent)));
        assert!(maybe_applied(&failed(Kind::Decode, 200, Reach::Answered)));
    }

    #[test]
    fn back_off_is_exponential_with_full_jitter_and_capped() {
        let f = failed(Kind::Server, 503, Reach::Answered);
        assert_eq!(delay_ms(0, &f, None, 0.0, 0.5), 250.0);
        assert_eq!(delay_ms(1, &f, None, 0.0, 0.5), 500.0);
        assert_eq!(delay_ms(9, &f, None, 0.0, 0.999), 7992.0);
        assert_eq!(delay_ms(0, &f, Some(1000.0), 0.0, 0.0), 0.0);
    }

    #[test]
    fn retry_after_wins_and_a_bare_429_waits_out_its_rate_window_first() {
        let mut f = failed(Kind::RateLimited, 429, Reach::Answered);
        assert_eq!(delay_ms(0, &f, Some(1000.0), 0.0, 0.5), 1000.0);
        // No rate headers either: the ordinary back-off.
        assert_eq!(delay_ms(0, &f, None, 0.0, 0.5), 250.0);
        f.retry_after = Some("2");
        assert_eq!(delay_ms(0, &f, Some(1000.0), 0.0, 0.5), 2000.0);
        f.retry_after = Some("9999");
        assert_eq!(delay_ms(0, &f, Some(1000.0), 0.0, 0.5), 60_000.0);
        // 784111777000 is Sun, 06 Nov 1994 08:49:37 GMT.
        f.retry_after = Some("Sun, 06 Nov 1994 08:49:40 GMT");
        assert_eq!(delay_ms(0, &f, Some(1000.0), 784_111_777_000.0, 0.5), 3000.0);
        f.retry_after = Some("garbage");
        assert_eq!(delay_ms(0, &f, Some(1000.0), 0.0, 0.5), 1000.0);
    }

    /// Found by fuzz/fuzz_targets/rate_limit.rs: `Retry-After: 1e308` was an infinite wait.
    #[test]
    fn fuzz_regression_huge_retry_after_is_finite() {
        let ms = retry_after_ms("1e308", 0.0);
        assert!(ms.is_some_and(f64::is_finite), "{ms:?}");
        let f = Failed { kind: Kind::RateLimited, status: 429, reach: Reach::Answered, retry_after: Some("1e308") };
        assert_eq!(delay_ms(0, &f, None, 0.0, 0.5), 60_000.0);
    }

    /// Found by fuzz/fuzz_targets/rate_limit.rs: a 13-digit year (or a huge
    /// negative hour) overflowed the date arithmetic.
    #[test]
    fn fuzz_regression_absurd_http_dates_are_refused() {
        for h in ["S 06 Nov 7742949672956 08:49:4 GMT", "Sun, 06 Nov 1994 -9223372036854775808:49:37 GMT", "Sun, 06 Nov 10000 08:49:37 GMT", "Sun, 06 Nov 1994 08:-1:37 GMT"] {
            assert_eq!(retry_after_ms(h, 0.0), None, "{h}");
        }
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT", 784_111_777_000.0), Some(3000.0));
    }

    #[test]
    fn reads_rate_limit_headers() {
        let rl = RateLimit::from_headers(|h| match h {
            "x-ratelimit-max" => Some("100".into()),
            "x-ratelimit-remaining" => Some(" 97".into()),
            "x-ratelimit-daily-remaining" => Some("x".into()),
            _ => None,
        });
        assert_eq!(rl.max, Some(100));
        assert_eq!(rl.remaining, Some(97));
        assert_eq!(rl.daily_remaining, None);
    }
}
