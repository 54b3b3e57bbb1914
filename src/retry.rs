//! Retry and rate-limit decisions as pure functions: the transport asks, these
//! answer, and tests pin the answers without a clock or a network.

/// How long to wait before retry number `attempt` (0-based), or `None` to give
/// up. `retry_after` is the raw `Retry-After` header; `jitter` is in [0, 1).
pub fn delay_ms(attempt: u32, max_retries: u32, retryable: bool, retry_after: Option<&str>, jitter: f64) -> Option<u32> {
    if !retryable || attempt >= max_retries {
        return None;
    }
    // The server's own word wins, capped so a bad header cannot stall a call.
    if let Some(secs) = retry_after.and_then(|h| h.trim().parse::<f64>().ok()) {
        if secs.is_finite() && secs >= 0.0 {
            return Some((secs * 1000.0).min(60_000.0) as u32);
        }
    }
    let base = 500u32.saturating_mul(1 << attempt.min(6)).min(8_000);
    Some((f64::from(base) * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)) as u32)
}

/// What the `X-RateLimit-*` headers of the last response said.
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
        let n = |name: &str| get(name).and_then(|v| v.trim().parse().ok());
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

    #[test]
    fn gives_up_when_not_retryable_or_out_of_tries() {
        assert_eq!(delay_ms(0, 2, false, None, 0.0), None);
        assert_eq!(delay_ms(2, 2, true, None, 0.0), None);
        assert_eq!(delay_ms(0, 0, true, None, 0.0), None);
    }

    #[test]
    fn backs_off_exponentially_with_jitter_and_honours_retry_after() {
        assert_eq!(delay_ms(0, 3, true, None, 0.0), Some(250));
        assert_eq!(delay_ms(1, 3, true, None, 0.0), Some(500));
        assert_eq!(delay_ms(1, 3, true, None, 0.999_999), Some(999));
        assert_eq!(delay_ms(0, 3, true, Some("2"), 0.5), Some(2000));
        assert_eq!(delay_ms(0, 3, true, Some("9999"), 0.5), Some(60_000));
        assert_eq!(delay_ms(0, 3, true, Some("Wed, 21 Oct 2015 07:28:00 GMT"), 0.0), Some(250));
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
