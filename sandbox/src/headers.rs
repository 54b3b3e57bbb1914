//! Turning a `Reply` into a response, and the headers every answer carries:
//! `X-RateLimit-*`, `x-request-id`, CORS (plus `Retry-After` on a 429).

use crate::ratelimit::{Decision, Limits};
use crate::reply::Reply;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

const ALLOW_METHODS: &str = "GET,POST,PUT,PATCH,DELETE,OPTIONS";
const ALLOW_HEADERS: &str = "Authorization, Version, Content-Type, Accept, X-Sandbox-Fault";
const EXPOSE_HEADERS: &str =
    "X-RateLimit-Max, X-RateLimit-Interval-Milliseconds, X-RateLimit-Remaining, \
X-RateLimit-Limit-Daily, X-RateLimit-Daily-Remaining, x-request-id, Retry-After";

/// The response for `reply`; error bodies get `traceId` = the request id.
pub fn build(reply: Reply, request_id: &str) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let Some(mut body) = reply.body else {
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = status;
        if let Some(v) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            resp.headers_mut().insert(header::LOCATION, v);
        }
        return resp;
    };
    if reply.status >= 400 {
        if let Value::Object(map) = &mut body {
            map.insert("traceId".to_string(), Value::String(request_id.to_string()));
        }
    }
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

fn set(headers: &mut HeaderMap, name: &'static str, value: impl ToString) {
    if let Ok(v) = HeaderValue::from_str(&value.to_string()) {
        headers.insert(HeaderName::from_static(name), v);
    }
}

/// The headers of every answer (fault answers included).
pub fn decorate(
    headers: &mut HeaderMap,
    limits: Limits,
    d: Decision,
    status: u16,
    request_id: &str,
) {
    set(headers, "x-ratelimit-max", limits.burst);
    set(
        headers,
        "x-ratelimit-interval-milliseconds",
        limits.interval_ms,
    );
    set(headers, "x-ratelimit-remaining", d.remaining);
    set(headers, "x-ratelimit-limit-daily", limits.daily);
    set(headers, "x-ratelimit-daily-remaining", d.daily_remaining);
    set(headers, "x-request-id", request_id);
    if status == 429 {
        // Whole seconds, never 0: a client told "retry now" would spin.
        set(headers, "retry-after", d.retry_after_secs.max(1));
    }
    set(headers, "access-control-allow-origin", "*");
    set(headers, "access-control-expose-headers", EXPOSE_HEADERS);
}

/// CORS preflight: the known headers plus any token-like one the browser asks for.
pub fn preflight(headers: &mut HeaderMap, request: &HeaderMap) {
    set(headers, "access-control-allow-methods", ALLOW_METHODS);
    let mut allow = ALLOW_HEADERS.to_string();
    if let Some(asked) = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
    {
        for name in asked.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let known = allow.split(", ").any(|a| a.eq_ignore_ascii_case(name));
            let token_like = name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !known && token_like {
                allow.push_str(", ");
                allow.push_str(name);
            }
        }
    }
    set(headers, "access-control-allow-headers", allow);
    set(headers, "access-control-max-age", 600);
}
