//! The axum glue: one fallback handler does auth, rate limiting, CORS, the
//! `Version` check and table dispatch, and decorates every response with the
//! `X-RateLimit-*` headers and a fresh `x-request-id`.
//!
//! Order of checks for API routes: preflight (OPTIONS → 204) → rate limit
//! (429) → route (404 `Cannot METHOD path`) → token (401) → `Version` (400) →
//! body size (413) → handler (404 unknown record, then 400/422 body problems),
//! or for rows without a stateful handler the generic check (`generic`).

use crate::datetime::format_millis;
use crate::generic::{self, Incoming};
use crate::ratelimit::{Decision, Limiter};
use crate::reply::Reply;
use crate::routes::{handlers, match_route, Call, Handler};
use crate::seed::seed;
use crate::state::State;
use crate::Config;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Largest request body read; more → 413.
pub const BODY_LIMIT: usize = 1 << 20;
/// Rate-limit bucket of the configured token (the token itself is never stored as a key).
const TOKEN_BUCKET: &str = "token";
const ANONYMOUS_BUCKET: &str = "anonymous";
const ALLOW_METHODS: &str = "GET,POST,PUT,PATCH,DELETE,OPTIONS";
const ALLOW_HEADERS: &str = "Authorization, Version, Content-Type, Accept";
const EXPOSE_HEADERS: &str =
    "X-RateLimit-Max, X-RateLimit-Interval-Milliseconds, X-RateLimit-Remaining, \
X-RateLimit-Limit-Daily, X-RateLimit-Daily-Remaining, x-request-id, Retry-After";

pub struct App {
    cfg: Config,
    state: Mutex<State>,
    limiter: Mutex<Limiter>,
    started: Instant,
    next_id: AtomicU64,
    id_salt: u64,
    handlers: HashMap<&'static str, Handler>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler never panics while holding the lock, but never propagate poison.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Length-independent-ish comparison, so the token is not probed byte by byte.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl App {
    pub fn new(cfg: Config) -> Self {
        let salt = unix_ms() ^ (u64::from(std::process::id()) << 40);
        App {
            limiter: Mutex::new(Limiter::new(cfg.limits)),
            cfg,
            state: Mutex::new(seed()),
            started: Instant::now(),
            next_id: AtomicU64::new(1),
            id_salt: salt,
            handlers: handlers(),
        }
    }

    fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{:08x}-{:012x}", self.id_salt & 0xffff_ffff, n)
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some((scheme, token)) = value.trim().split_once(' ') else {
            return false;
        };
        scheme.eq_ignore_ascii_case("bearer")
            && same_secret(token.trim().as_bytes(), self.cfg.token.as_bytes())
    }
}

pub fn router(cfg: Config) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(Arc::new(App::new(cfg)))
}

fn cannot(method: &str, path: &str) -> Reply {
    Reply::not_found(&format!("Cannot {method} {path}"))
}

async fn handle(Shared(app): Shared<Arc<App>>, req: Request) -> Response {
    let request_id = app.request_id();
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let bucket = if app.authorized(&parts.headers) {
        TOKEN_BUCKET
    } else {
        ANONYMOUS_BUCKET
    };
    let (reply, decision, op_id) = answer(
        &app,
        &parts.method,
        &path,
        parts.uri.query(),
        &parts.headers,
        bucket,
        body,
    )
    .await;
    if app.cfg.log {
        // Never log headers: the token must not reach a log.
        eprintln!(
            "{method} {path} -> {} {} {request_id}",
            reply.status,
            op_id.unwrap_or("-")
        );
    }
    let status = reply.status;
    let mut resp = build(reply, &request_id);
    decorate(resp.headers_mut(), &app, decision, status, &request_id);
    if parts.method == Method::OPTIONS {
        preflight_headers(resp.headers_mut(), &parts.headers);
    }
    resp
}

async fn answer(
    app: &App,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    bucket: &'static str,
    body: Body,
) -> (Reply, Decision, Option<&'static str>) {
    let now = app.now_ms();
    let peek = || lock(&app.limiter).peek(bucket, now);
    if method == Method::OPTIONS {
        return (Reply::empty(204), peek(), None);
    }
    if path == "/__sandbox" || path.starts_with("/__sandbox/") {
        let reply = match (method.as_str(), path) {
            ("GET", "/__sandbox/state") => Reply::json(200, lock(&app.state).to_json()),
            ("POST", "/__sandbox/reset") => {
                *lock(&app.state) = seed();
                lock(&app.limiter).clear();
                Reply::json(200, json!({ "reset": true }))
            }
            _ => cannot(method.as_str(), path),
        };
        return (reply, peek(), None);
    }

    lock(&app.state).request_count += 1;
    let decision = lock(&app.limiter).take(bucket, now);
    if !decision.allowed {
        return (Reply::too_many_requests(), decision, None);
    }
    let Some(matched) = match_route(method.as_str(), path) else {
        return (cannot(method.as_str(), path), decision, None);
    };
    let op = matched.op;
    if bucket != TOKEN_BUCKET {
        return (Reply::unauthorized(), decision, Some(op.id));
    }
    if let Some(expected) = op.version {
        match headers
            .get("version")
            .map(|v| v.to_str().unwrap_or("").trim())
        {
            None => {
                return (
                    Reply::bad_request("Version header was not found"),
                    decision,
                    Some(op.id),
                )
            }
            Some(v) if v != expected => {
                let msg = format!(
                    "Version header is invalid; this operation expects Version: {expected}"
                );
                return (Reply::bad_request(&msg), decision, Some(op.id));
            }
            Some(_) => {}
        }
    }
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return (Reply::payload_too_large(), decision, Some(op.id));
    };
    let Some(handler) = app.handlers.get(op.id) else {
        let incoming = Incoming {
            path: &matched.params,
            query,
            headers,
            body: &bytes,
        };
        let reply = generic::answer(op, &incoming);
        lock(&app.state).count_call(op.id);
        return (reply, decision, Some(op.id));
    };
    let now_text = format_millis(unix_ms());
    let call = Call {
        params: &matched.params,
        body: &bytes,
        now: &now_text,
    };
    let reply = {
        let mut state = lock(&app.state);
        state.count_call(op.id);
        handler(&mut state, &call)
    };
    (reply, decision, Some(op.id))
}

fn build(reply: Reply, request_id: &str) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let Some(mut body) = reply.body else {
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = status;
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

fn decorate(headers: &mut HeaderMap, app: &App, d: Decision, status: u16, request_id: &str) {
    let limits = app.cfg.limits;
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
        set(headers, "retry-after", d.retry_after_secs);
    }
    set(headers, "access-control-allow-origin", "*");
    set(headers, "access-control-expose-headers", EXPOSE_HEADERS);
}

fn preflight_headers(headers: &mut HeaderMap, request: &HeaderMap) {
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
