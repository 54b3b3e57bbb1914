//! The pacing step's side of the wasm: one `pace::Window` per rate key for the
//! whole instance (every client in the process draws from it), or a caller's
//! `limiter` object in its place. Decisions stay in `crate::pace`.

use super::bindings;
use super::jsvalue::{get, set};
use crate::pace::{Budget, Slot, Window, DEFAULT_DAILY_PROBE_MS};
use crate::retry::RateLimit;
use crate::validate::Issue;
use js_sys::Object;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Per rate key (a handful in practice; `TRACKED` caps the windows'
    /// own state): a plain list keeps hashbrown and SipHash out of the wasm.
    static WINDOWS: RefCell<Vec<(String, Window)>> = const { RefCell::new(Vec::new()) };
}

/// How a client paces, fixed by its config.
pub enum Pacing {
    Off,
    /// The in-process limiter.
    Local { key: String, daily_probe_ms: f64 },
    /// `config.limiter`: `{ acquire(key, { signal }), update(key, figures) }`.
    Custom { limiter: JsValue, key: JsValue },
}

/// What the attempt should do before sending.
pub enum Gate {
    /// Wait this long for the slot `at` (or, without pacing, the back-off), then send.
    Go { wait_ms: f64, at: Option<f64> },
    /// Ask again after this long (the key's budget is being learned).
    Again { poll_ms: f64 },
    /// The daily budget is spent: fail without sending.
    DailySpent,
}

impl Pacing {
    /// Reads `rateLimit` and `limiter` from the config; problems are reported
    /// by the first call, like a missing token.
    pub fn from_config(config: &JsValue, token: Option<&str>, issues: &mut Vec<Issue>) -> Pacing {
        let rl = get(config, "rateLimit");
        if rl.as_bool() == Some(false) {
            return Pacing::Off;
        }
        let rl_obj = !rl.is_undefined() && !rl.is_null();
        if rl_obj && (!rl.is_object() || rl.is_function()) {
            issues.push(Issue::new("rateLimit", "must be false or an object { max, intervalMs, key, dailyProbeMs }"));
        }
        let mut num = |name: &'static str, min: f64, rule: &'static str| {
            let v = get(&rl, name);
            if v.is_undefined() {
                return None;
            }
            match v.as_f64() {
                Some(n) if n.is_finite() && n >= min => Some(n),
                _ => {
                    issues.push(Issue::new(format!("rateLimit.{name}"), rule));
                    None
                }
            }
        };
        let max = num("max", 1.0, "must be a number >= 1");
        let interval = num("intervalMs", 1.0, "must be a number >= 1");
        let daily_probe_ms = num("dailyProbeMs", 0.0, "must be a number >= 0").unwrap_or(DEFAULT_DAILY_PROBE_MS);
        let key = match get(&rl, "key") {
            k if k.is_undefined() => token_key(&get(config, "baseUrl").as_string().unwrap_or_default(), token.unwrap_or("")),
            k => k.as_string().filter(|s| !s.is_empty()).unwrap_or_else(|| {
                issues.push(Issue::new("rateLimit.key", "must be a non-empty string"));
                String::new()
            }),
        };
        let limiter = get(config, "limiter");
        if !limiter.is_undefined() && !limiter.is_null() {
            if !get(&limiter, "acquire").is_function() || !get(&limiter, "update").is_function() {
                issues.push(Issue::new("limiter", "must have acquire(key, { signal }) and update(key, figures) functions"));
            }
            return Pacing::Custom { limiter, key: key.into() };
        }
        let cap = match (max, interval) {
            (None, None) => None,
            (m, i) => Some(Budget { max: m.map_or(crate::pace::DEFAULT_MAX, |m| m as u32), interval_ms: i.unwrap_or(crate::pace::DEFAULT_INTERVAL_MS) }),
        };
        with_window(&key, |w| w.tighten(cap));
        Pacing::Local { key, daily_probe_ms }
    }

    /// Takes a slot (or says why not) for an attempt allowed to leave after
    /// `backoff_ms`.
    pub fn gate(&self, key: Option<&str>, backoff_ms: f64) -> Gate {
        let Pacing::Local { key: own, .. } = self else { return Gate::Go { wait_ms: backoff_ms, at: None } };
        if backoff_ms > 0.0 {
            // Back off first, then queue for a slot like any new call.
            return Gate::Again { poll_ms: backoff_ms };
        }
        let now = js_sys::Date::now();
        let slot = with_window(key.unwrap_or(own), |w| w.acquire(now));
        match slot {
            Slot::At { wait_ms, at } => Gate::Go { wait_ms, at: Some(at) },
            Slot::Learning { poll_ms } => Gate::Again { poll_ms },
            Slot::DailySpent { .. } => Gate::DailySpent,
        }
    }

    /// A waiter woke for its slot: `(further wait, slot now held)`.
    pub fn confirm(&self, key: Option<&str>, at: f64) -> (f64, f64) {
        let Pacing::Local { key: own, .. } = self else { return (0.0, at) };
        let now = js_sys::Date::now();
        with_window(key.unwrap_or(own), |w| w.confirm(at, now))
    }

    /// A slot that was never used (an abort while waiting).
    pub fn release(&self, key: Option<&str>, at: f64) {
        if let Pacing::Local { key: own, .. } = self {
            let key = key.unwrap_or(own);
            if_window(key, |win| win.release(at));
        }
    }

    /// What an answer (or its absence) taught about the key's budget.
    pub fn learn(&self, key: Option<&str>, sent_at: f64, figures: &RateLimit) {
        match self {
            Pacing::Off => {}
            Pacing::Local { key: own, daily_probe_ms } => {
                let key = key.unwrap_or(own);
                let now = js_sys::Date::now();
                if_window(key, |win| win.learn(now, sent_at, figures, *daily_probe_ms));
            }
            Pacing::Custom { limiter, key: own } => bindings::update(limiter, &key.map_or_else(|| own.clone(), JsValue::from), &figures_to_js(figures)),
        }
    }

    pub fn limiter(&self, key: Option<&str>) -> Option<(&JsValue, JsValue)> {
        match self {
            Pacing::Custom { limiter, key: own } => Some((limiter, key.map_or_else(|| own.clone(), JsValue::from))),
            _ => None,
        }
    }
}

/// Runs `f` on the key's window, made on first use (no allocation after).
fn with_window<R>(key: &str, f: impl FnOnce(&mut Window) -> R) -> R {
    WINDOWS.with(|w| {
        let mut list = w.borrow_mut();
        let i = match list.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                list.push((key.to_owned(), Window::new(None)));
                list.len() - 1
            }
        };
        match list.get_mut(i) {
            Some((_, win)) => f(win),
            None => f(&mut Window::new(None)), // ok: found or pushed just above
        }
    })
}

/// Runs `f` on the key's window if it has one.
fn if_window(key: &str, f: impl FnOnce(&mut Window)) {
    WINDOWS.with(|w| {
        if let Some((_, win)) = w.borrow_mut().iter_mut().find(|(k, _)| k == key) {
            f(win);
        }
    });
}

/// A hash of the API origin and the token names its budget (one token on two
/// hosts has two budgets); the token itself is never a key.
fn token_key(base: &str, token: &str) -> String {
    let h = base.bytes().chain([0]).chain(token.bytes()).fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("token:{h:016x}")
}

/// `{ max, remaining, intervalMs, dailyLimit, dailyRemaining }`, nulls for unknowns.
pub fn figures_to_js(r: &RateLimit) -> JsValue {
    let o = Object::new();
    let n = |v: Option<u32>| v.map_or(JsValue::NULL, JsValue::from);
    set(&o, "max", &n(r.max));
    set(&o, "remaining", &n(r.remaining));
    set(&o, "intervalMs", &n(r.interval_ms));
    set(&o, "dailyLimit", &n(r.daily_limit));
    set(&o, "dailyRemaining", &n(r.daily_remaining));
    o.unchecked_into()
}
