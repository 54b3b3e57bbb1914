//! Sending: one `fetch` attempt per step, chained by a small JS helper that
//! calls back into Rust once per attempt. No per-call closures or futures
//! executor: pending calls live in a slab, keyed by a number the JS side
//! hands back, so a call costs a few table writes instead of allocations the
//! garbage collector must chase.

use super::bindings::{self, json_parse, AbortSignal, FetchResponse};
use super::failure::Failure;
use super::jsvalue::{get, set, Js};
use crate::errors::{self, Kind};
use crate::retry;
use crate::table::Method;
use crate::value::Value;
use js_sys::{Array, Function, JsString, Object, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Client-wide settings a pending call needs.
pub struct Shared {
    pub token: Option<String>,
    pub fetch: Option<Function>,
    /// Headers of the last response; read only when `rateLimit` is asked for.
    pub last_headers: RefCell<JsValue>,
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
    attempt: u32,
    timer: Option<AbortSignal>,
}

impl Call {
    #[allow(clippy::too_many_arguments)]
    pub fn new(shared: Rc<Shared>, op_id: &'static str, method: Method, path: String, url: JsValue, init: Object, user_signal: Option<AbortSignal>, timeout_ms: f64, max_retries: u32) -> Call {
        Call { shared, op_id, method, path, url, init, user_signal, timeout_ms, max_retries, attempt: 0, timer: None }
    }
}

/// `(call id, response, body text or error, stage)` → value, next attempt or error.
type Settle = Closure<dyn Fn(u32, JsValue, JsValue, u32) -> Result<JsValue, JsValue>>;

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
        match p.iter().position(Option::is_none) {
            Some(i) => {
                p[i] = Some(call); // ok: i came from position() on this vec
                i
            }
            None => {
                p.push(Some(call));
                p.len() - 1
            }
        }
    }) as u32;
    attempt(id, 0)
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

/// One attempt: arm the timeout, then hand over to the JS helper.
fn attempt(id: u32, delay_ms: u32) -> Promise {
    let Some(mut call) = take(id) else { return Promise::reject(&JsValue::from_str("highlevel-wasm: unknown call")) };
    if call.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
        let f = Failure::new(Kind::Aborted, "The request was aborted before it was sent");
        return Promise::reject(&finish_err(&call, f));
    }
    let fetch = match &call.shared.fetch {
        Some(f) => f.clone(),
        None => match get(&js_sys::global(), "fetch").dyn_into::<Function>() {
            Ok(f) => f,
            Err(_) => return Promise::reject(&finish_err(&call, Failure::new(Kind::Network, "No global fetch in this runtime; pass one in the config"))),
        },
    };
    // The timeout starts when the request is sent, not during a back-off.
    call.timer = if call.timeout_ms > 0.0 { AbortSignal::timeout(call.timeout_ms + f64::from(delay_ms)).ok() } else { None };
    let signal = match (&call.user_signal, &call.timer) {
        (Some(u), Some(t)) => AbortSignal::any(&Array::of2(u, t)).ok().or_else(|| Some(u.clone())),
        (Some(u), None) => Some(u.clone()),
        (None, t) => t.clone(),
    };
    let init = match &signal {
        Some(s) => {
            let i = Object::assign(&Object::new(), &call.init);
            set(&i, "signal", s);
            i
        }
        None => call.init.clone(),
    };
    let url = call.url.clone();
    put_back(id, call);
    SETTLE.with(|settle| bindings::send(&fetch, &url, &init, id, settle.as_ref().unchecked_ref(), f64::from(delay_ms)))
}

/// Called by the JS helper when an attempt settles. `stage` 0: response and
/// body text; 1: response, but reading its body failed; 2: fetch itself
/// failed. Returns the decoded value, a promise of the next attempt, or an
/// error object (thrown, so the promise rejects).
fn settle(id: u32, res: JsValue, value: JsValue, stage: u32) -> Result<JsValue, JsValue> {
    let Some(call) = take(id) else { return Err(JsValue::from_str("highlevel-wasm: unknown call")) };
    let failure = match outcome(&call, res, value, stage) {
        Ok(v) => return Ok(v),
        Err(f) => f,
    };
    let retryable = errors::retryable(failure.kind, call.method, failure.status.unwrap_or(0));
    let aborted = call.user_signal.as_ref().is_some_and(AbortSignal::aborted);
    match retry::delay_ms(call.attempt, call.max_retries, retryable && !aborted, failure.retry_after.as_deref(), js_sys::Math::random()) {
        Some(ms) => {
            let mut call = call;
            call.attempt += 1;
            put_back(id, call);
            Ok(attempt(id, ms).into())
        }
        None => Err(failure.to_js(call.op_id, call.method.as_str(), &call.path, retryable)),
    }
}

fn finish_err(call: &Call, f: Failure) -> JsValue {
    f.to_js(call.op_id, call.method.as_str(), &call.path, false)
}

fn outcome(call: &Call, res: JsValue, value: JsValue, stage: u32) -> Result<JsValue, Failure> {
    let token = call.shared.token.as_deref().unwrap_or("");
    if stage == 2 {
        return Err(classify(call, value, "sending", token));
    }
    let res: FetchResponse = res.unchecked_into();
    let status = res.status();
    let headers = res.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    call.shared.last_headers.replace(headers.clone().into());
    let ok = (200..300).contains(&status);
    if stage == 1 {
        if !ok {
            return Err(http_failure(status, &JsValue::from_str(""), token, &header));
        }
        let mut f = classify(call, value, "reading the response", token);
        if f.kind == Kind::Network {
            f.kind = Kind::Decode;
            f.message = format!("The {status} response body could not be read in full");
        }
        f.status = Some(status);
        return Err(f);
    }
    if !ok {
        return Err(http_failure(status, &value, token, &header));
    }
    // Measured on the JS side: copying every body into wasm just to see
    // whether it is blank would cost more than the parse.
    let len = value.dyn_ref::<JsString>().map_or(0, JsString::length);
    if len == 0 {
        return Ok(JsValue::UNDEFINED);
    }
    json_parse(&value).or_else(|e| {
        let text = value.as_string().unwrap_or_default();
        if text.trim().is_empty() {
            return Ok(JsValue::UNDEFINED);
        }
        let mut f = Failure::new(Kind::Decode, format!("The {status} response is not valid JSON"));
        f.status = Some(status);
        f.response = errors::redact(&text, token).into();
        f.cause = e;
        f.request_id = header("x-request-id");
        Err(f)
    })
}

/// A rejected fetch or body read: the caller's abort, our timeout, or the
/// network, told apart by which signal fired.
fn classify(call: &Call, e: JsValue, during: &str, token: &str) -> Failure {
    let (kind, msg) = if call.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
        (Kind::Aborted, "The request was aborted".to_owned())
    } else if call.timer.as_ref().is_some_and(AbortSignal::aborted) {
        (Kind::Timeout, format!("No response within {} ms", call.timeout_ms))
    } else {
        let detail = get(&e, "message").as_string().unwrap_or_default();
        (Kind::Network, format!("Network error while {during}: {}", errors::redact(&detail, token)))
    };
    let mut f = Failure::new(kind, msg);
    f.cause = e;
    f
}

fn http_failure(status: u16, text: &JsValue, token: &str, header: &dyn Fn(&str) -> Option<String>) -> Failure {
    let raw = errors::redact(&text.as_string().unwrap_or_default(), token);
    let parsed = if raw.trim().is_empty() { None } else { json_parse(&JsValue::from_str(&raw)).ok() };
    let body = parsed.clone().map(Js);
    let messages = body.as_ref().map(errors::messages_of).unwrap_or_default();
    let text_of = |key: &str| body.as_ref().and_then(|b| b.field(key)).and_then(|v| v.as_str());
    let mut f = Failure::new(
        Kind::from_status(status),
        if messages.is_empty() { errors::fallback_message(status) } else { messages.join(", ") },
    );
    f.status = Some(status);
    f.messages = messages;
    f.response = match parsed {
        Some(p) => p,
        None if raw.is_empty() => JsValue::UNDEFINED,
        None => raw.into(),
    };
    f.request_id = header("x-request-id").or_else(|| text_of("requestId"));
    f.trace_id = text_of("traceId").or_else(|| header("x-trace-id"));
    f.retry_after = header("retry-after");
    f
}

