//! Rate-limit headers, the retry decisions and pacing. Input: a header block
//! (`name: value` lines, as an answer carries them), then bytes that drive
//! the decisions and a sequence of pacing events on one key's `Window`.
//! Properties: headers read as the numbers they spell; every wait is a finite,
//! non-negative number of ms within its documented bounds; a slot is never
//! before the moment it was asked for.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use highlevel_fuzz::parts;
use highlevel_wasm::errors::Kind;
use highlevel_wasm::pace::{Budget, Slot, Window};
use highlevel_wasm::retry::{delay_ms, maybe_applied, retry_after_ms, should_retry, Failed, RateLimit, Reach};
use libfuzzer_sys::fuzz_target;

const KINDS: [Kind; 13] = [
    Kind::Validation, Kind::BadRequest, Kind::Unauthorized, Kind::Forbidden, Kind::NotFound, Kind::Unprocessable,
    Kind::RateLimited, Kind::Server, Kind::Http, Kind::Network, Kind::Timeout, Kind::Aborted, Kind::Decode,
];

#[derive(Arbitrary, Debug)]
enum Event {
    /// The clock moves on by this many ms, then a call asks for a slot.
    Acquire(u16),
    /// A waiter wakes (late by the ms given) for one of the slots handed out.
    Confirm(u8, u16),
    Release(u8),
    /// An answer to one of the slots; the headers given, or none.
    Learn { slot: u8, after: u16, max: Option<u32>, remaining: Option<u32>, interval: Option<u32>, daily_remaining: Option<u32>, probe: u32 },
    Tighten(Option<(u32, u32)>),
}

fn cap(c: Option<(u32, u32)>) -> Option<Budget> {
    // As the config allows: max >= 1, intervalMs >= 1 (finite).
    c.map(|(max, interval)| Budget { max: max.max(1), interval_ms: f64::from(interval.max(1)) })
}

fn finite_wait(ms: f64) {
    assert!(ms.is_finite() && ms >= 0.0, "wait {ms}");
}

fuzz_target!(|data: &[u8]| {
    let [head, rest] = parts::<2>(data);
    let head = String::from_utf8_lossy(head);
    let lines: Vec<(&str, &str)> = head.lines().filter_map(|l| l.split_once(':')).collect();
    let get = |name: &str| lines.iter().rev().find(|(k, _)| k.trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.to_string());
    let rl = RateLimit::from_headers(get);
    if let Some(v) = get("x-ratelimit-max") {
        assert_eq!(rl.max, v.trim().parse().ok());
    }

    let mut u = Unstructured::new(rest);
    let Ok((status, kind, reach, attempt, jitter, now_off)) = <(u16, u8, u8, u32, u16, u32)>::arbitrary(&mut u) else { return };
    let now = 1.7e12 + f64::from(now_off);
    let retry_after = get("retry-after");
    if let Some(h) = retry_after.as_deref() {
        if let Some(ms) = retry_after_ms(h, now) {
            finite_wait(ms);
        }
    }
    let f = Failed {
        kind: KINDS[usize::from(kind) % KINDS.len()],
        status,
        reach: [Reach::NotSent, Reach::MaybeSent, Reach::Answered][usize::from(reach) % 3],
        retry_after: retry_after.as_deref(),
    };
    let idempotent = attempt & 1 == 1;
    if matches!(f.kind, Kind::Aborted | Kind::Validation | Kind::Decode) {
        assert!(!should_retry(&f, idempotent));
    }
    if f.reach == Reach::NotSent {
        assert!(!maybe_applied(&f));
    }
    let window = rl.interval_ms.map(f64::from);
    let d = delay_ms(attempt, &f, window, now, f64::from(jitter) / 65536.0);
    finite_wait(d);
    assert!(d <= 60_000.0, "delay {d}");

    let mut w = Window::new(cap(<Option<(u32, u32)>>::arbitrary(&mut u).unwrap_or_default()));
    let mut clock = now;
    let mut slots: Vec<f64> = Vec::new();
    for _ in 0..64 {
        let Ok(ev) = Event::arbitrary(&mut u) else { break };
        match ev {
            Event::Acquire(dt) => {
                clock += f64::from(dt);
                match w.acquire(clock) {
                    Slot::At { wait_ms, at } => {
                        finite_wait(wait_ms);
                        assert!(at >= clock && (at - clock - wait_ms).abs() < 1e-3, "at {at}, wait {wait_ms}, now {clock}");
                        slots.push(at);
                    }
                    Slot::Learning { poll_ms } => assert!(poll_ms.is_finite() && poll_ms > 0.0),
                    Slot::DailySpent { until } => assert!(until.is_finite() && until > clock),
                }
            }
            Event::Confirm(i, late) => {
                let Some(&at) = slots.get(usize::from(i) % slots.len().max(1)) else { continue };
                clock = clock.max(at) + f64::from(late);
                let (wait, held) = w.confirm(at, clock);
                finite_wait(wait);
                assert!(held.is_finite() && held >= clock, "held {held} < now {clock}");
            }
            Event::Release(i) => {
                if let Some(&at) = slots.get(usize::from(i) % slots.len().max(1)) {
                    w.release(at);
                }
            }
            Event::Learn { slot, after, max, remaining, interval, daily_remaining, probe } => {
                let Some(&sent) = slots.get(usize::from(slot) % slots.len().max(1)) else { continue };
                clock = clock.max(sent) + f64::from(after);
                let figures = RateLimit { max, remaining, interval_ms: interval, daily_limit: None, daily_remaining };
                w.learn(clock, sent, &figures, f64::from(probe));
                let b = w.budget();
                assert!(b.max >= 1 && b.interval_ms.is_finite() && b.interval_ms > 0.0, "{b:?}");
            }
            Event::Tighten(c) => w.tighten(cap(c)),
        }
    }
});
