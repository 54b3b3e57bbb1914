//! The axum glue: one fallback handler does faults, rate limiting, auth, the
//! `Version` check and table dispatch, records applied mutations in the
//! journal, and decorates every answer with the `X-RateLimit-*` headers, CORS
//! and a fresh `x-request-id` (`headers`).
//!
//! Order for API routes: preflight (OPTIONS → 204) → fault (drawn or forced by
//! `X-Sandbox-Fault`) → rate limit (429) → route (404 `Cannot METHOD path`) →
//! token (401) → `Version` (400) → body size (413) → handler (404 unknown
//! record, then 400/422 body problems), or for rows without a stateful
//! handler the generic check (`generic`). `/__sandbox/*` never gets a fault.

use crate::conn::ConnControl;
use crate::datetime::format_millis;
use crate::faults::{self, Fault, SplitMix64};
use crate::generic::{self, Incoming};
use crate::headers::{build, decorate, preflight};
use crate::journal::{self, Applied, Journal};
use crate::ratelimit::{Decision, Limiter};
use crate::reply::Reply;
use crate::routes::{handlers, Call, Handler};
use crate::seed::seed;
use crate::state::State;
use crate::Config;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State as Shared};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Largest request body read; more → 413.
pub const BODY_LIMIT: usize = 1 << 20;
/// Rate-limit bucket of the configured token (the token itself is never stored as a key).
const TOKEN_BUCKET: &str = "token";
const ANONYMOUS_BUCKET: &str = "anonymous";
/// Live OAuth access tokens (one bucket for all sessions).
const OAUTH_BUCKET: &str = "oauth";
/// Expired or unknown OAuth access tokens: answered 401 Invalid JWT.
const DEAD_TOKEN_BUCKET: &str = "dead-token";
const FAULT_HEADER: &str = "x-sandbox-fault";

pub struct App {
    cfg: Config,
    /// Lock order: `state` before `journal`, never the other way round.
    state: Mutex<State>,
    journal: Mutex<Journal>,
    limiter: Mutex<Limiter>,
    rng: Mutex<SplitMix64>,
    started: Instant,
    next_id: AtomicU64,
    id_salt: u64,
    handlers: HashMap<&'static str, Handler>,
    /// Webhook subscriptions and delivery (`webhooks`), apart from the API state.
    hooks: crate::webhooks::Hooks,
    /// The sandbox marketplace app's codes and tokens (`oauth`). Lock order:
    /// `state`, then `oauth`, then `journal`.
    oauth: Mutex<crate::oauth::OAuth>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler never panics while holding the lock, but never propagate poison.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Length-independent-ish comparison, so the token is not probed byte by byte.
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What became of one request: the reply, and the fault that met it. A
/// `reset-*` or `stall` fault means no answer goes out, whatever `reply` says
/// (`reset-after` keeps the reply it would have sent, for the log).
struct Outcome {
    reply: Option<Reply>,
    decision: Decision,
    op_id: Option<&'static str>,
    fault: Option<Fault>,
}

impl Outcome {
    fn answer(reply: Reply, decision: Decision, op_id: Option<&'static str>) -> Self {
        Outcome {
            reply: Some(reply),
            decision,
            op_id,
            fault: None,
        }
    }
}

impl App {
    pub fn new(cfg: Config) -> Self {
        let salt = unix_ms() ^ (u64::from(std::process::id()) << 40);
        App {
            limiter: Mutex::new(Limiter::new(cfg.limits)),
            rng: Mutex::new(SplitMix64::new(cfg.seed)),
            oauth: Mutex::new(crate::oauth::OAuth::new(cfg.oauth.clone(), salt)),
            cfg,
            state: Mutex::new(seed()),
            journal: Mutex::new(Journal::default()),
            started: Instant::now(),
            next_id: AtomicU64::new(1),
            id_salt: salt,
            handlers: handlers(),
            hooks: Default::default(),
        }
    }

    fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{:08x}-{:012x}", self.id_salt & 0xffff_ffff, n)
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn peek(&self, bucket: &'static str) -> Decision {
        lock(&self.limiter).peek(bucket, self.now_ms())
    }

    /// The rate-limit bucket, which also says who is asking: the configured
    /// token, a live OAuth access token, a dead one, or nobody.
    fn bucket(&self, headers: &HeaderMap) -> &'static str {
        let Some(token) = crate::oauth_wire::bearer(headers) else {
            return ANONYMOUS_BUCKET;
        };
        if same_secret(token.as_bytes(), self.cfg.token.as_bytes()) {
            return TOKEN_BUCKET;
        }
        match lock(&self.oauth).bearer(token, unix_ms()) {
            crate::oauth::Bearer::Live(_) => OAUTH_BUCKET,
            crate::oauth::Bearer::Dead => DEAD_TOKEN_BUCKET,
            crate::oauth::Bearer::Foreign => ANONYMOUS_BUCKET,
        }
    }


    /// This request's fault. Every API request takes one draw, forced or not,
    /// so the nth request of a run always meets the nth draw.
    fn fault(&self, headers: &HeaderMap) -> Result<Option<Fault>, String> {
        let roll = lock(&self.rng).next_u64();
        match headers.get(FAULT_HEADER) {
            Some(v) => faults::forced(v.to_str().unwrap_or("")),
            None => Ok(self.cfg.faults.pick(roll)),
        }
    }

    /// The one point where a request is known applied (a 2xx mutation): it is
    /// journaled here, under the state lock the change was made under, so the
    /// journal's order is the order the state changed in. Anything else that
    /// reacts to applied mutations belongs beside this.
    fn applied(&self, state: &mut State, applied: Applied) {
        self.hooks.applied(state, &applied);
        lock(&self.journal).record(applied);
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
    let control = req.extensions().get::<ConnControl>().cloned();
    let (parts, body) = req.into_parts();
    let bucket = app.bucket(&parts.headers);
    let out = answer(&app, &parts, bucket, body).await;
    if app.cfg.log {
        // Never log headers: the token must not reach a log.
        let status = out.reply.as_ref().map_or("-".to_string(), |r| r.status.to_string());
        let fault = out.fault.map_or(String::new(), |f| format!(" fault={}", f.name()));
        let op = out.op_id.unwrap_or("-");
        let (method, path) = (&parts.method, parts.uri.path());
        eprintln!("{method} {path} -> {status}{fault} {op} {request_id}");
    }
    let silent = matches!(
        out.fault,
        Some(Fault::ResetBefore | Fault::ResetAfter | Fault::Stall)
    );
    let reply = match out.reply {
        Some(reply) if !silent => reply,
        _ => {
            // No answer: a reset drops the connection (when served by `conn`;
            // in-process there is no connection and nothing ever comes back),
            // a stall holds it until the client goes away (hyper then drops
            // this future).
            if out.fault != Some(Fault::Stall) {
                if let Some(control) = control {
                    control.drop_connection();
                }
            }
            return std::future::pending().await;
        }
    };
    let status = reply.status;
    let mut resp = build(reply, &request_id);
    decorate(resp.headers_mut(), app.cfg.limits, out.decision, status, &request_id);
    if parts.method == Method::OPTIONS {
        preflight(resp.headers_mut(), &parts.headers);
    }
    resp
}

/// `/__sandbox/*`: no auth, no rate limit, no faults.
fn admin(app: &App, method: &Method, path: &str) -> Reply {
    match (method.as_str(), path) {
        ("GET", "/__sandbox/state") => Reply::json(200, lock(&app.state).to_json()),
        ("GET", "/__sandbox/journal") => Reply::json(200, lock(&app.journal).to_json()),
        ("GET", "/__sandbox/oauth") => Reply::json(200, lock(&app.oauth).stats_json(unix_ms())),
        ("POST", "/__sandbox/oauth/expire") => {
            lock(&app.oauth).expire_all(unix_ms());
            Reply::json(200, json!({ "expired": true }))
        }
        ("POST", "/__sandbox/reset") => {
            // Everything back to the start, the fault draws included, so a
            // test that resets first sees the same faults on every run.
            *lock(&app.state) = seed();
            lock(&app.oauth).reset();
            lock(&app.journal).clear();
            lock(&app.limiter).clear();
            *lock(&app.rng) = SplitMix64::new(app.cfg.seed);
            Reply::json(200, json!({ "reset": true }))
        }
        _ => cannot(method.as_str(), path),
    }
}

async fn answer(app: &App, parts: &Parts, bucket: &'static str, body: Body) -> Outcome {
    let (method, path) = (&parts.method, parts.uri.path());
    if method == Method::OPTIONS {
        return Outcome::answer(Reply::empty(204), app.peek(bucket), None);
    }
    if path == "/__sandbox" || path.starts_with("/__sandbox/") {
        if crate::webhooks::owns(path) {
            let reply = app.hooks.admin(method.as_str(), path, body, &app.state).await;
            return Outcome::answer(reply, app.peek(bucket), None);
        }
        return Outcome::answer(admin(app, method, path), app.peek(bucket), None);
    }
    lock(&app.state).request_count += 1;
    let fault = match app.fault(&parts.headers) {
        Ok(f) => f,
        Err(msg) => return Outcome::answer(Reply::bad_request(&msg), app.peek(bucket), None),
    };
    let faulted = |reply, decision, fault| Outcome {
        reply,
        decision,
        op_id: None,
        fault: Some(fault),
    };
    // Faults other than reset-after happen "in the gateway": nothing is
    // applied and no rate-limit slot is used.
    match fault {
        Some(f @ Fault::TooMany) => {
            let decision = Decision {
                retry_after_secs: 1,
                ..app.peek(bucket)
            };
            return faulted(Some(Reply::too_many_requests()), decision, f);
        }
        Some(f @ Fault::Unavailable) => {
            let reply = Reply::error(503, "Service Unavailable", "Service Unavailable");
            return faulted(Some(reply), app.peek(bucket), f);
        }
        Some(f @ Fault::ResetBefore) => return faulted(None, app.peek(bucket), f),
        Some(f @ Fault::Stall) => {
            // Read the request through, so that hyper notices when the client
            // hangs up (it watches for EOF only between messages).
            let _ = to_bytes(body, BODY_LIMIT).await;
            return faulted(None, app.peek(bucket), f);
        }
        Some(Fault::ResetAfter) | None => {}
    }
    // The sandbox app's OAuth; a request bearing the private integration
    // token gets the table's generic answer instead (the smoke runs).
    if crate::oauth_wire::owns(path) && bucket != TOKEN_BUCKET {
        // Not rate-limited; every request journaled, its secrets masked.
        let record = |state: &mut State, a: Applied| app.applied(state, a);
        let (reply, op) = crate::oauth_wire::serve(&app.state, &app.oauth, parts, body, record).await;
        return Outcome { fault, ..Outcome::answer(reply, app.peek(bucket), Some(op)) };
    }
    // reset-after: applied as usual; `handle` then drops the connection.
    Outcome {
        fault,
        ..api(app, parts, bucket, body).await
    }
}

/// The API itself: rate limit, route, auth, `Version`, body, handler.
async fn api(app: &App, parts: &Parts, bucket: &'static str, body: Body) -> Outcome {
    let (method, path, headers) = (parts.method.as_str(), parts.uri.path(), &parts.headers);
    let decision = lock(&app.limiter).take(bucket, app.now_ms());
    let refuse = |reply, op_id| Outcome::answer(reply, decision, op_id);
    if !decision.allowed {
        return refuse(Reply::too_many_requests(), None);
    }
    let version = headers.get("version").and_then(|v| v.to_str().ok()).map(str::trim);
    let Some(route) = crate::versions::route(method, path, version) else {
        return refuse(cannot(method, path), None);
    };
    // a tied route's rows share the documented Version: checks below hold for both
    let op = route.0 .0.op;
    match bucket {
        TOKEN_BUCKET | OAUTH_BUCKET => {}
        DEAD_TOKEN_BUCKET => return refuse(Reply::invalid_jwt(), Some(op.id)),
        _ => return refuse(Reply::unauthorized(), Some(op.id)),
    }
    if let Some(expected) = op.version {
        match headers
            .get("version")
            .map(|v| v.to_str().unwrap_or("").trim())
        {
            None => {
                return refuse(Reply::bad_request("Version header was not found"), Some(op.id))
            }
            Some(v) if v != expected => {
                let msg = format!(
                    "Version header is invalid; this operation expects Version: {expected}"
                );
                return refuse(Reply::bad_request(&msg), Some(op.id));
            }
            Some(_) => {}
        }
    }
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return refuse(Reply::payload_too_large(), Some(op.id));
    };
    let query = parts.uri.query();
    let body = &bytes[..];
    let (matched, api) = crate::versions::settle(route, |m, api| {
        generic::passes(m.op, &Incoming { path: &m.params, query, headers, body }, api)
    });
    let op = matched.op;
    // The generic check is pure and the slowest part: outside the state lock.
    // Stateful handlers answer in v2's shapes: v3 rows get v3's documented ones.
    let ready = match app.handlers.get(op.id).filter(|_| api == crate::versions::Api::V2) {
        Some(&handler) => Err(handler),
        None => Ok(generic::answer_in(op, &Incoming { path: &matched.params, query, headers, body }, api)),
    };
    let now_text = format_millis(unix_ms());
    let mut state = lock(&app.state);
    state.count_call(op.id);
    let reply = match ready {
        Ok(reply) => reply,
        Err(handler) => handler(
            &mut state,
            &Call {
                params: &matched.params,
                body: &bytes,
                now: &now_text,
            },
        ),
    };
    if journal::is_applied(method, reply.status) {
        let applied = Applied {
            operation_id: op.id,
            method,
            path,
            path_params: &matched.params,
            query,
            body: &bytes,
            at: now_text,
        };
        app.applied(&mut state, applied);
    }
    drop(state);
    Outcome::answer(reply, decision, Some(op.id))
}
