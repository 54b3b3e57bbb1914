//! The exported client: validate, build, send through `fetch`, decode, map
//! errors, retry. One generic path serves every row of the operation table.

use super::bindings::{self, AbortSignal};
use super::body::{encode_body, Payload};
use super::failure::Failure;
use super::jsvalue::{fixed, get, present, set, set_dyn, Any};
use super::pacer::{figures_to_js, Pacing};
use super::transport::{self, Call, Shared};
use crate::request::{self, Prepared};
use crate::table::{self, BodyKind, Method, Op};
use crate::validate::{self, Issue};
use crate::value::{Kind as VKind, Value};
use js_sys::{Function, Object, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

const DEFAULT_BASE: &str = "https://services.leadconnectorhq.com";
const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;
const DEFAULT_MAX_RETRIES: u32 = 2;

struct Inner {
    token_key: &'static str,
    base: String,
    timeout_ms: f64,
    max_retries: u32,
    /// `Bearer <token>`, made once: the token crosses into JS a single time.
    auth: JsValue,
    shared: Rc<Shared>,
    /// Config problems, reported by every call (the constructor never throws).
    config_issues: Vec<Issue>,
}

/// What the pipeline needs of an operation row (or of a generic request).
#[derive(Clone, Copy)]
struct Target {
    id: &'static str,
    method: Method,
    version: Option<&'static str>,
    body: Option<BodyKind>,
    idempotent: bool,
}

impl From<&'static Op> for Target {
    fn from(op: &'static Op) -> Target {
        Target { id: op.id, method: op.method, version: op.version, body: op.body.as_ref().map(|b| b.kind), idempotent: op.idempotent }
    }
}

#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Client {
    /// Never throws: a missing or malformed token is reported, with every
    /// other problem, by the first call.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Client {
        let pit = get(&config, "privateIntegrationToken");
        let (token_key, token) = if pit.is_undefined() { ("accessToken", get(&config, "accessToken")) } else { ("privateIntegrationToken", pit) };
        let fetch = get(&config, "fetch").dyn_into::<Function>().ok();
        let token = token.as_string();
        let mut config_issues = Vec::new();
        let pacing = Pacing::from_config(&config, token.as_deref(), &mut config_issues);
        let max_retries = retries(&get(&config, "maxRetries"), "maxRetries", &mut config_issues).unwrap_or(DEFAULT_MAX_RETRIES);
        Client {
            inner: Rc::new(Inner {
                auth: token.as_ref().map_or(JsValue::UNDEFINED, |t| format!("Bearer {t}").into()),
                shared: Rc::new(Shared { token, fetch, pacing, last: Cell::default() }),
                token_key,
                base: get(&config, "baseUrl").as_string().unwrap_or_else(|| DEFAULT_BASE.to_owned()),
                timeout_ms: get(&config, "timeoutMs").as_f64().unwrap_or(DEFAULT_TIMEOUT_MS),
                max_retries,
                config_issues,
            }),
        }
    }

    /// Calls operation `op` (an index into the table) and resolves to the
    /// response JSON, or rejects with an error object.
    pub fn call(&self, op: u32, params: JsValue, body: JsValue, options: JsValue) -> Promise {
        let Some(row) = table::op(op) else {
            let f = Failure::validation("unknown", vec![Issue::new("operation", "is not in this build")]);
            return Promise::reject(&f.to_js("unknown", "", "", false));
        };
        if !row.enabled {
            let (service, feature) = crate::generated::service(op);
            let issue = Issue::new("operation", format!("is not in this build (the {service} service: enable the cargo feature `{feature}`)"));
            return Promise::reject(&Failure::validation(row.id, vec![issue]).to_js(row.id, row.method.as_str(), row.path, false));
        }
        let mut issues = Vec::new();
        let (prepared, text) = super::wire::prepare(row, &self.inner.base, params, body.clone(), true, &mut issues);
        let body = text.map_or(Payload::Value(body), Payload::Json);
        self.start(Target::from(row), prepared, body, &options, issues)
    }

    /// Any endpoint the table lacks: `{ method, path, query?, body?, version? }`
    /// plus the usual per-call options. The path must stay on `baseUrl`.
    pub fn request(&self, spec: JsValue) -> Promise {
        let mut issues = Vec::new();
        let method = match get(&spec, "method").as_string().map(|m| m.to_ascii_uppercase()).as_deref() {
            Some("GET") => Method::Get,
            Some("POST") => Method::Post,
            Some("PUT") => Method::Put,
            Some("PATCH") => Method::Patch,
            Some("DELETE") => Method::Delete,
            _ => {
                issues.push(Issue::new("method", "must be one of GET, POST, PUT, PATCH, DELETE"));
                Method::Get
            }
        };
        let path = get(&spec, "path").as_string();
        let query = present(get(&spec, "query")).map(Any::Js);
        let prepared = request::generic(&self.inner.base, path.as_deref(), query.as_ref(), &mut issues);
        let body = get(&spec, "body");
        let kind = match present(body.clone()) {
            None => None,
            Some(b) if get(&b.0, "append").is_function() => Some(BodyKind::Multipart),
            Some(b) if matches!(b.kind(), VKind::Object | VKind::Array) => Some(BodyKind::Json),
            Some(_) => {
                issues.push(Issue::new("body", "must be an object, an array or a FormData"));
                None
            }
        };
        let target = Target { id: "request", method, version: None, body: kind, idempotent: method.idempotent() };
        self.start(target, prepared, Payload::Value(body), &spec, issues)
    }

    /// The last `X-RateLimit-*` figures the API sent.
    #[wasm_bindgen(getter, js_name = rateLimit)]
    pub fn rate_limit(&self) -> JsValue {
        figures_to_js(&self.inner.shared.last.get())
    }
}

impl Client {
    fn start(&self, op: Target, prepared: Prepared, body: Payload, options: &JsValue, mut issues: Vec<Issue>) -> Promise {
        let inner = &self.inner;
        // Most calls pass no options: one check instead of one per member.
        let none = options.is_undefined();
        let opt = |key: &str| if none { JsValue::UNDEFINED } else { get(options, key) };
        issues.extend(inner.config_issues.iter().cloned());
        // An app client's auth step hands each call its session's token and
        // rate key; otherwise the config's token is the one.
        let session = opt("__session");
        let session = if session.is_undefined() { None } else { Some((get(&session, "accessToken").as_string(), get(&session, "key").as_string())) };
        match &session {
            Some((token, _)) => validate::token(token.as_deref(), "session.accessToken", &mut issues),
            None => validate::token(inner.shared.token.as_deref(), inner.token_key, &mut issues),
        }
        if !(inner.base.starts_with("https://") || inner.base.starts_with("http://")) {
            issues.push(Issue::new("baseUrl", "must start with https:// or http://"));
        }
        let headers = Object::new();
        copy_user_headers(&opt("headers"), &headers, &mut issues);
        let version = opt("version");
        let version = match version.as_string() {
            Some(v) => Some(v),
            None if version.is_undefined() => op.version.map(str::to_owned),
            None => {
                issues.push(Issue::new("options.version", "must be a string"));
                None
            }
        };
        let user_signal = opt("signal");
        let user_signal = if user_signal.is_undefined() || user_signal.is_null() {
            None
        } else if get(&user_signal, "aborted").as_bool().is_some() {
            Some(user_signal.unchecked_into::<AbortSignal>())
        } else {
            issues.push(Issue::new("options.signal", "must be an AbortSignal"));
            None
        };
        let wire_body = match encode_body(op.body, &body) {
            Ok(b) => b,
            Err(i) => {
                issues.push(i);
                None
            }
        };
        let max_retries = retries(&opt("maxRetries"), "options.maxRetries", &mut issues).unwrap_or(inner.max_retries);
        if !issues.is_empty() {
            // An issue may quote what a caller's getter or toJSON threw; if
            // that text holds the token, it does not reach the error.
            let secret = match &session {
                Some((t, _)) => t.as_deref(),
                None => inner.shared.token.as_deref(),
            };
            if let Some(s) = secret {
                for i in &mut issues {
                    i.path = crate::errors::redact(&i.path, s);
                    i.message = crate::errors::redact(&i.message, s);
                }
            }
            return Promise::reject(&Failure::validation(op.id, issues).to_js(op.id, op.method.as_str(), &prepared.path, false));
        }

        for (name, value) in &prepared.headers {
            set(&headers, name, &value.as_str().into());
        }
        // Fixed strings go as interned handles (a clone of the handle, not
        // a UTF-8 decode); the client's headers, the method and the body are
        // set in one crossing (`bindings::init`), not one per member.
        let version = match (&version, op.version) {
            (Some(v), Some(doc)) if v == doc => fixed(doc),
            (Some(v), _) => v.as_str().into(),
            (None, _) => JsValue::UNDEFINED,
        };
        let (auth, token, rate_key) = match session {
            Some((t, k)) => (format!("Bearer {}", t.as_deref().unwrap_or("")).into(), t, k),
            None => (inner.auth.clone(), None, None),
        };
        let (content_type, wire) = match wire_body {
            Some((ct, b)) => (ct.map_or(JsValue::UNDEFINED, fixed), b),
            None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
        };
        let init = bindings::init(&headers, &fixed(op.method.as_str()), &version, &auth, &content_type, &wire);

        let idempotent = op.idempotent || opt("idempotent").as_bool() == Some(true);
        let num = |key: &str| opt(key).as_f64();
        transport::begin(Call::new(
            Rc::clone(&inner.shared),
            op.id,
            op.method,
            prepared.path,
            prepared.url.into(),
            init,
            user_signal,
            num("timeoutMs").unwrap_or(inner.timeout_ms),
            max_retries,
            idempotent,
            token,
            rate_key,
        ))
    }
}

/// `maxRetries`, in the config or per call: a whole number from 0 to 20.
fn retries(v: &JsValue, path: &'static str, issues: &mut Vec<Issue>) -> Option<u32> {
    if v.is_undefined() {
        return None;
    }
    match v.as_f64() {
        Some(n) if (0.0..=20.0).contains(&n) && n.fract() == 0.0 => Some(n as u32),
        _ => {
            issues.push(Issue::new(path, "must be a whole number from 0 to 20"));
            None
        }
    }
}

/// Caller headers go first so the client's own (auth, Version) win.
fn copy_user_headers(src: &JsValue, dst: &Object, issues: &mut Vec<Issue>) {
    if src.is_undefined() || src.is_null() {
        return;
    }
    let Some(o) = src.dyn_ref::<Object>() else {
        issues.push(Issue::new("options.headers", "must be an object"));
        return;
    };
    for k in Object::keys(o).iter() {
        let Some(name) = k.as_string() else { continue };
        let v = get(src, &name);
        match v.as_string() {
            Some(s) if !s.chars().any(char::is_control) && !name.eq_ignore_ascii_case("authorization") => {
                set_dyn(dst, &name, &v);
            }
            _ => issues.push(Issue::new(format!("options.headers.{name}"), "must be a string without control characters (set the token in the config)")),
        }
    }
}

/// The official SDK's call shape per operation, by whether it takes params
/// and a body: 0 `(options)`, 1 `(params, options)`, 2 `(body, options)`,
/// 3 `(params, body, options)`. One call at load, so the JS name table need
/// not repeat what the operation table already says.
#[wasm_bindgen]
pub fn shapes() -> Vec<u8> {
    (0..table::OPS.len()).map(|i| table::OPS.shape(i)).collect()
}

/// The SDK method names of rows `start..start + count` (one service's run),
/// space-separated, from the rows' ids (`Ops::method_names`): asked for on a
/// service's first use, so services.js need not list them.
#[wasm_bindgen(js_name = methodNames)]
pub fn method_names(start: u32, count: u32) -> String {
    table::OPS.method_names(start as usize, count as usize)
}

/// Checks params and body of operation `op` without sending anything: the
/// issues as `failure::issues_text` gives them, undefined when the call
/// would be sent (client.js makes `[{ path, message }]` of a string).
#[wasm_bindgen]
pub fn validate(op: u32, params: JsValue, body: JsValue) -> JsValue {
    let (mut issues, mut found) = (Vec::new(), String::new());
    match table::op(op) {
        Some(row) if !row.enabled => {
            let (service, feature) = crate::generated::service(op);
            issues.push(Issue::new("operation", format!("is not in this build (the {service} service: enable the cargo feature `{feature}`)")));
        }
        Some(row) => {
            // Nothing to send (`keep` false): the request parts are empty,
            // never allocated, so there is nothing to free (their drops
            // were ~3 % of a small body's check in wasm).
            let (prepared, _) = super::wire::prepare_found(row, "", params, body, false, &mut issues, &mut found);
            std::mem::forget(prepared);
        }
        None => issues.push(Issue::new("operation", "is not in this build")),
    }
    // The wire pass's issues, when alone, are already that text.
    if !found.is_empty() {
        return JsValue::from_str(&found);
    }
    super::failure::issues_text(&issues)
}
