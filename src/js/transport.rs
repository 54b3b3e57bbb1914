//! Sending: the pipeline's pace → send → decode → retry loop, one attempt per
//! step, chained by a small JS helper that calls back into Rust once per
//! attempt. No per-call closures or futures executor: pending calls live in a
//! slab, keyed by a number the JS side hands back, so a call costs a few table
//! writes instead of allocations the garbage collector must chase.

use super::bindings::{self, AbortSignal};
use super::failure::Failure;
use super::pacer::{Gate, Pacing};
use super::response::{self, Settled};
use crate::errors::Kind;
use crate::retry::{self, Failed, RateLimit};
use crate::table::Method;
use js_sys::{Function, Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Client-wide settings a pending call needs.
pub struct Shared {
    pub token: Option<String>,
    pub fetch: Option<Function>,
    pub pacing: Pacing,
    /// The `X-RateLimit-*` figures of the last response.
    pub last: Cell<RateLimit>,
}

/// One call, fixed before its first attempt.
pub struct Call {
    pub shared: Rc<Shared>,
    pub op_id: &'static str,
    pub method: Method,
    pub path: String,
    pub url: JsValue,
    pub init: Object,
    pub user_signal: Option<AbortSignal>,
    pub timeout_ms: f64,
    pub max_retries: u32,
    pub idempotent: bool,
    /// A session's token and rate key, when the auth step chose one.
    token: Option<String>,
    rate_key: Option<String>,
    /// Retries so far.
    retry: u32,
    /// Times the request was sent.
    sent: u32,
    /// The rate slot this attempt holds, and when it was sent.
    slot: Option<f64>,
    sent_at: f64,
    figures: Option<RateLimit>,
    /// The last failed attempt may have taken effect.
    maybe: bool,
}

impl Call {
    #[allow(clippy::too_many_arguments)]
    pub fn new(shared: Rc<Shared>, op_id: &'static str, method: Method, path: String, url: JsValue, init: Object, user_signal: Option<AbortSignal>, timeout_ms: f64, max_retries: u32, idempotent: bool, token: Option<String>, rate_key: Option<String>) -> Call {
        Call { shared, op_id, method, path, url, init, user_signal, timeout_ms, max_retries, idempotent, token, rate_key, retry: 0, sent: 0, slot: None, sent_at: 0.0, figures: None, maybe: false }
    }

    fn aborted(&self) -> bool {
        self.user_signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// The error object for a call that ends here.
    fn fail(&self, mut f: Failure, retryable: bool) -> JsValue {
        f.attempts = self.sent;
        f.rate_limit = self.figures.unwrap_or_else(|| self.shared.last.get());
        f.to_js(self.op_id, self.method.as_str(), &self.path, retryable)
    }
}

/// `(call id, response, body text or error, stage, timeout signal)` → value,
/// next attempt or error.
type Settle = Closure<dyn Fn(u32, JsValue, JsValue, u32, JsValue) -> Result<JsValue, JsValue>>;

thread_local! {
    static PENDING: RefCell<Vec<Option<Call>>> = const { RefCell::new(Vec::new()) };
    /// The one callback every attempt settles through (made once, kept for
    /// the life of the instance).
    static SETTLE: Settle = Closure::new(settle);
}

/// Starts a call; the promise resolves to the decoded body or rejects with an
/// error object.
pub fn begin(call: Call) -> Promise {
    let id = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.iter_mut().enumerate().find(|(_, slot)| slot.is_none()) {
            Some((i, slot)) => {
                *slot = Some(call);
                i
            }
            None => {
                p.push(Some(call));
                p.len() - 1
            }
        }
    }) as u32;
    attempt(id, 0.0)
}

fn take(id: u32) -> Option<Call> {
    PENDING.with(|p| p.borrow_mut().get_mut(id as usize).and_then(Option::take))
}

fn put_back(id: u32, call: Call) {
    PENDING.with(|p| {
        if let Some(slot) = p.borrow_mut().get_mut(id as usize) {
            *slot = Some(call);
        }
    });
}

/// One attempt: take a rate slot after `backoff_ms`, then hand over to the JS
/// helper, which waits, sends and reports back to `settle`.
fn attempt(id: u32, backoff_ms: f64) -> Promise {
    let Some(mut call) = take(id) else { return Promise::reject(&JsValue::from_str("highlevel-wasm: unknown call")) };
    if call.aborted() {
        let f = Failure::new(Kind::Aborted, "The request was aborted before it was sent");
        return Promise::reject(&call.fail(f, false));
    }
    let Some(fetch) = fetch_of(&call) else {
        return Promise::reject(&call.fail(Failure::new(Kind::Network, "No global fetch in this runtime; pass one in the config"), false));
    };
    let delay = match call.shared.pacing.gate(call.rate_key.as_deref(), backoff_ms) {
        Gate::Go { wait_ms, at } => {
            call.slot = at;
            // A wait for a slot comes back through `settle` to confirm it.
            if at.is_some() && wait_ms > 0.0 { -wait_ms } else { wait_ms.max(0.0) }
        }
        Gate::Again { poll_ms } => -poll_ms.max(1.0),
        Gate::DailySpent => {
            let mut f = Failure::new(Kind::RateLimited, "The daily request budget of this rate key is spent; nothing was sent (calls fail fast until the next probe)");
            f.daily = true;
            return Promise::reject(&call.fail(f, false));
        }
    };
    dispatch(id, call, fetch, delay)
}

/// Hands the attempt to the JS helper: wait `delay` ms (negative: wait, then
/// come back to `settle` with stage 4), acquire from a custom limiter, send.
fn dispatch(id: u32, call: Call, fetch: Function, delay: f64) -> Promise {
    let (limiter, key) = match call.shared.pacing.limiter(call.rate_key.as_deref()) {
        Some((l, k)) => (l.clone(), k),
        None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
    };
    let signal: JsValue = call.user_signal.as_ref().map_or(JsValue::UNDEFINED, |s| s.clone().into());
    let (url, init, timeout) = (call.url.clone(), call.init.clone(), call.timeout_ms);
    put_back(id, call);
    SETTLE.with(|settle| bindings::send(&fetch, &url, &init, id, settle.as_ref().unchecked_ref(), delay, &limiter, &key, &signal, timeout))
}

/// The fetch this call sends through: the config's, or the global one.
fn fetch_of(call: &Call) -> Option<Function> {
    match &call.shared.fetch {
        Some(f) => Some(f.clone()),
        // The name is interned (`fixed`): a fresh "fetch" string each
        // attempt was a UTF-8 decode, which in workerd goes through ICU.
        None => js_sys::Reflect::get(&js_sys::global(), &super::jsvalue::fixed("fetch")).ok()?.dyn_into::<Function>().ok(),
    }
}

/// Called by the JS helper when an attempt settles (stages in `bindings`).
/// Returns the decoded value, a promise of the next attempt, or an error
/// object (thrown, so the promise rejects).
fn settle(id: u32, res: JsValue, value: JsValue, stage: u32, timer: JsValue) -> Result<JsValue, JsValue> {
    let Some(mut call) = take(id) else { return Err(JsValue::from_str("highlevel-wasm: unknown call")) };
    if stage == 4 {
        let (Some(at), Some(fetch)) = (call.slot, fetch_of(&call)) else {
            put_back(id, call);
            return Ok(attempt(id, 0.0).into());
        };
        let (wait, held) = call.shared.pacing.confirm(call.rate_key.as_deref(), at);
        call.slot = Some(held);
        return Ok(dispatch(id, call, fetch, -wait).into());
    }
    if stage == 3 {
        return Err(waiting_failed(call, value));
    }
    call.sent += 1;
    // The slot was used: the answer (or its absence) teaches the pacer.
    call.sent_at = call.slot.take().unwrap_or_else(js_sys::Date::now);
    let figures = response::figures(&res);
    call.shared.pacing.learn(call.rate_key.as_deref(), call.sent_at, &figures);
    if !res.is_undefined() {
        call.figures = Some(figures);
        call.shared.last.set(figures);
    }
    let token = call.token.as_deref().or(call.shared.token.as_deref()).unwrap_or("");
    let s = Settled { token, user_signal: call.user_signal.as_ref(), timer: &timer, timeout_ms: call.timeout_ms };
    let (failure, reach) = match response::outcome(&s, res, value, stage) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let status = failure.status.unwrap_or(0);
    let failed = Failed { kind: failure.kind, status, reach, retry_after: failure.retry_after.as_deref() };
    let retryable = retry::should_retry(&failed, call.idempotent);
    call.maybe = call.maybe || retry::maybe_applied(&failed);
    if retryable && call.retry < call.max_retries && !call.aborted() {
        let window = figures.interval_ms.map(f64::from);
        let delay = retry::delay_ms(call.retry, &failed, window, js_sys::Date::now(), js_sys::Math::random());
        call.retry += 1;
        put_back(id, call);
        return Ok(attempt(id, delay).into());
    }
    let mut failure = failure;
    failure.maybe_applied = call.maybe;
    Err(call.fail(failure, retryable))
}

/// The wait before sending ended badly: the caller aborted, or a custom
/// limiter refused. Nothing was sent on this attempt; its slot is freed.
fn waiting_failed(call: Call, e: JsValue) -> JsValue {
    if let Some(at) = call.slot {
        call.shared.pacing.release(call.rate_key.as_deref(), at);
    }
    let mut f = if call.aborted() {
        Failure::new(Kind::Aborted, "The request was aborted while waiting to be sent")
    } else {
        let detail = super::jsvalue::get(&e, "message").as_string().unwrap_or_else(|| "no reason given".to_owned());
        let mut f = Failure::new(Kind::RateLimited, format!("The rate limiter refused the request: {detail}"));
        f.daily = super::jsvalue::get(&e, "daily").as_bool() == Some(true);
        f.cause = e;
        f
    };
    f.maybe_applied = call.maybe;
    call.fail(f, false)
}
