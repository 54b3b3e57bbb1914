//! Decoding one settled attempt: the body of a 2xx, or a `Failure` for an
//! error answer, an unreadable body, or a fetch that failed (abort, our
//! timeout, the network), with how far the request got.

// Failures are built once per failed attempt, never on the success path: their size is not worth a box.
#![allow(clippy::result_large_err)]

use super::bindings::{json_parse, AbortSignal, FetchResponse};
use super::failure::Failure;
use super::jsvalue::{get, Js};
use crate::errors::{self, Kind};
use crate::retry::{RateLimit, Reach};
use js_sys::JsString;
use wasm_bindgen::prelude::*;

/// Errors of Node's fetch and `node:http` that mean no connection was made,
/// so nothing reached the server.
const NOT_SENT: [&str; 6] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"];

pub struct Settled<'a> {
    pub token: &'a str,
    pub user_signal: Option<&'a AbortSignal>,
    pub timer: &'a JsValue,
    pub timeout_ms: f64,
}

/// The figures of a response's `X-RateLimit-*` headers.
pub fn figures(res: &JsValue) -> RateLimit {
    if res.is_undefined() {
        return RateLimit::default();
    }
    // One crossing for all five (each header name passed from wasm would be
    // a string copy of its own).
    let f = super::bindings::figures(res);
    let n = |i: usize| f.get(i).copied().filter(|x| x.is_finite() && *x >= 0.0 && *x <= f64::from(u32::MAX)).map(|x| x as u32);
    RateLimit { max: n(0), remaining: n(1), interval_ms: n(2), daily_limit: n(3), daily_remaining: n(4) }
}

/// `stage` 0: response and body text; 1: response, but reading its body
/// failed; 2: fetch itself failed; 5: a 2xx whose body JS already parsed
/// (or found empty), the value itself.
pub fn outcome(s: &Settled, res: JsValue, value: JsValue, stage: u32) -> Result<JsValue, (Failure, Reach)> {
    if stage == 5 {
        return Ok(value);
    }
    if stage == 2 {
        return Err(classify(s, value, "sending"));
    }
    let res: FetchResponse = res.unchecked_into();
    let status = res.status();
    let headers = res.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let ok = (200..300).contains(&status);
    if stage == 1 {
        if !ok {
            return Err((http_failure(status, &JsValue::from_str(""), s.token, &header), Reach::Answered));
        }
        let (mut f, _) = classify(s, value, "reading the response");
        if f.kind == Kind::Network {
            f.kind = Kind::Decode;
            f.message = format!("The {status} response body could not be read in full");
        }
        f.status = Some(status);
        return Err((f, Reach::Answered));
    }
    if !ok {
        return Err((http_failure(status, &value, s.token, &header), Reach::Answered));
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
        f.response = errors::redact(&text, s.token).into();
        f.cause = e;
        f.request_id = header("x-request-id");
        Err((f, Reach::Answered))
    })
}

/// A rejected fetch or body read: the caller's abort, our timeout, or the
/// network, told apart by which signal fired.
fn classify(s: &Settled, e: JsValue, during: &str) -> (Failure, Reach) {
    let timed_out = s.timer.dyn_ref::<AbortSignal>().is_some_and(AbortSignal::aborted);
    let (kind, msg, reach) = if s.user_signal.is_some_and(AbortSignal::aborted) {
        (Kind::Aborted, "The request was aborted".to_owned(), Reach::MaybeSent)
    } else if timed_out {
        (Kind::Timeout, format!("No response within {} ms", crate::num::text(s.timeout_ms)), Reach::MaybeSent)
    } else {
        let detail = get(&e, "message").as_string().unwrap_or_default();
        let code = get(&e, "code").as_string().or_else(|| get(&get(&e, "cause"), "code").as_string()).unwrap_or_default();
        let reach = if NOT_SENT.contains(&code.as_str()) { Reach::NotSent } else { Reach::MaybeSent };
        let cause = get(&get(&e, "cause"), "message").as_string().map(|c| format!(" ({})", errors::redact(&c, s.token))).unwrap_or_default();
        (Kind::Network, format!("Network error while {during}: {}{cause}", errors::redact(&detail, s.token)), reach)
    };
    let mut f = Failure::new(kind, msg);
    f.cause = e;
    (f, reach)
}

fn http_failure(status: u16, text: &JsValue, token: &str, header: &dyn Fn(&str) -> Option<String>) -> Failure {
    let raw = errors::redact(&text.as_string().unwrap_or_default(), token);
    let parsed = if raw.trim().is_empty() { None } else { json_parse(&JsValue::from_str(&raw)).ok() };
    let body = parsed.clone().map(Js);
    let messages = body.as_ref().map(errors::messages_of).unwrap_or_default();
    let text_of = |key: &str| body.as_ref().and_then(|b| crate::value::Value::field(b, key)).and_then(|v| crate::value::Value::as_str(&v));
    let mut f = Failure::new(
        Kind::from_status(status),
        if messages.is_empty() { errors::fallback_message(status) } else { crate::text::join(&messages, ", ") },
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
    // v3's AIP envelope: its code, details and resolution as fields of their own
    if let Some(e) = body.as_ref().and_then(errors::aip_error) {
        f.aip = [get(&e.0, "code"), get(&e.0, "details"), get(&e.0, "resolution")];
    }
    f
}
