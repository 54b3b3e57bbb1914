//! The exported client: validate, build, send through `fetch`, decode, map
//! errors, retry. One generic path serves every row of the operation table.

use super::bindings::{self, json_parse, json_stringify, AbortSignal, FetchHeaders, FetchResponse};
use super::failure::Failure;
use super::jsvalue::{get, present, set, set_const, set_dyn, Js};
use crate::errors::{self, Kind};
use crate::request::{self, Prepared};
use crate::retry::{self, RateLimit};
use crate::table::{self, BodyKind, Method, Op};
use crate::validate::{self, Issue};
use crate::value::{Kind as VKind, Value};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const DEFAULT_BASE: &str = "https://services.leadconnectorhq.com";
const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;

struct Inner {
    token: Option<String>,
    token_key: &'static str,
    base: String,
    timeout_ms: f64,
    max_retries: u32,
    fetch: Option<Function>,
    /// `Bearer <token>`, made once: the token crosses into JS a single time.
    auth: JsValue,
    /// Headers of the last response; read only when `rateLimit` is asked for.
    last_headers: RefCell<JsValue>,
}

/// What one call sends, fixed before the first attempt.
/// What the pipeline needs of an operation row (or of a generic request).
#[derive(Clone, Copy)]
struct Target {
    id: &'static str,
    method: Method,
    version: Option<&'static str>,
    body: Option<BodyKind>,
}

impl From<&'static Op> for Target {
    fn from(op: &'static Op) -> Target {
        Target { id: op.id, method: op.method, version: op.version, body: op.body.as_ref().map(|b| b.kind) }
    }
}

struct Call {
    op_id: &'static str,
    method: Method,
    path: String,
    url: String,
    init: Object,
    user_signal: Option<AbortSignal>,
    timeout_ms: f64,
    max_retries: u32,
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
        Client {
            inner: Rc::new(Inner {
                auth: token.as_ref().map_or(JsValue::UNDEFINED, |t| format!("Bearer {t}").into()),
                token,
                token_key,
                base: get(&config, "baseUrl").as_string().unwrap_or_else(|| DEFAULT_BASE.to_owned()),
                timeout_ms: get(&config, "timeoutMs").as_f64().unwrap_or(DEFAULT_TIMEOUT_MS),
                max_retries: get(&config, "maxRetries").as_f64().map_or(0, |n| n.clamp(0.0, 10.0) as u32),
                fetch,
                last_headers: RefCell::new(JsValue::UNDEFINED),
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
        let mut issues = Vec::new();
        let prepared = request::prepare(row, &self.inner.base, present(params).as_ref(), present(body.clone()).as_ref(), &mut issues);
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
        let query = present(get(&spec, "query"));
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
        let target = Target { id: "request", method, version: None, body: kind };
        self.start(target, prepared, body, &spec, issues)
    }

    /// The last `X-RateLimit-*` figures the API sent.
    #[wasm_bindgen(getter, js_name = rateLimit)]
    pub fn rate_limit(&self) -> JsValue {
        let headers = self.inner.last_headers.borrow().clone();
        let r = if headers.is_undefined() {
            RateLimit::default()
        } else {
            let h: &FetchHeaders = headers.unchecked_ref();
            RateLimit::from_headers(|name| h.get(name).ok().flatten())
        };
        let o = Object::new();
        let n = |v: Option<u32>| v.map_or(JsValue::NULL, JsValue::from);
        set(&o, "max", &n(r.max));
        set(&o, "remaining", &n(r.remaining));
        set(&o, "intervalMs", &n(r.interval_ms));
        set(&o, "dailyLimit", &n(r.daily_limit));
        set(&o, "dailyRemaining", &n(r.daily_remaining));
        o.into()
    }
}

impl Client {
    fn start(&self, op: Target, prepared: Prepared, body: JsValue, options: &JsValue, mut issues: Vec<Issue>) -> Promise {
        let inner = &self.inner;
        validate::token(inner.token.as_deref(), inner.token_key, &mut issues);
        if !(inner.base.starts_with("https://") || inner.base.starts_with("http://")) {
            issues.push(Issue::new("baseUrl", "must start with https:// or http://"));
        }
        let headers = Object::new();
        copy_user_headers(&get(options, "headers"), &headers, &mut issues);
        let version = get(options, "version");
        let version = match version.as_string() {
            Some(v) => Some(v),
            None if version.is_undefined() => op.version.map(str::to_owned),
            None => {
                issues.push(Issue::new("options.version", "must be a string"));
                None
            }
        };
        let user_signal = get(options, "signal");
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
        if !issues.is_empty() {
            return Promise::reject(&Failure::validation(op.id, issues).to_js(op.id, op.method.as_str(), &prepared.path, false));
        }

        for (name, value) in &prepared.headers {
            set(&headers, name, &value.as_str().into());
        }
        set_const(&headers, "Accept", "application/json");
        match (&version, op.version) {
            // The documented value is a static string: interned, not re-sent.
            (Some(v), Some(doc)) if v == doc => set_const(&headers, "Version", doc),
            (Some(v), _) => set(&headers, "Version", &v.as_str().into()),
            (None, _) => {}
        }
        set(&headers, "Authorization", &inner.auth);
        let init = Object::new();
        set_const(&init, "method", op.method.as_str());
        if let Some((content_type, b)) = wire_body {
            if let Some(ct) = content_type {
                set_const(&headers, "Content-Type", ct);
            }
            set(&init, "body", &b);
        }
        set(&init, "headers", &headers);

        let num = |key: &str| get(options, key).as_f64();
        let call = Call {
            op_id: op.id,
            method: op.method,
            path: prepared.path,
            url: prepared.url,
            init,
            user_signal,
            timeout_ms: num("timeoutMs").unwrap_or(inner.timeout_ms),
            max_retries: num("maxRetries").map_or(inner.max_retries, |n| n.clamp(0.0, 10.0) as u32),
        };
        let inner = Rc::clone(inner);
        future_to_promise(async move { send(inner, call).await })
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

/// The wire form of the body and its Content-Type (`None` lets fetch set a
/// multipart boundary itself).
fn encode_body(kind: Option<BodyKind>, body: &JsValue) -> Result<Option<(Option<&'static str>, JsValue)>, Issue> {
    let (Some(kind), Some(b)) = (kind, present(body.clone())) else { return Ok(None) };
    match kind {
        BodyKind::Json => match json_stringify(&b.0) {
            Ok(s) if s.is_string() => Ok(Some((Some(request::JSON), s))),
            _ => Err(Issue::new("body", "cannot be serialized as JSON")),
        },
        BodyKind::Form => Ok(Some((Some(request::FORM), request::form_body(&b).into()))),
        BodyKind::Multipart => Ok(Some((None, to_form_data(b)?))),
    }
}

/// FormData passes through; a plain object becomes one, field by field.
fn to_form_data(b: Js) -> Result<JsValue, Issue> {
    let ctor = get(&js_sys::global(), "FormData");
    let Some(ctor) = ctor.dyn_ref::<Function>() else {
        return Err(Issue::new("body", "FormData is not available in this runtime"));
    };
    if Reflect::get_prototype_of(&b.0).ok().map(JsValue::from).as_ref() == Some(&get(ctor, "prototype")) {
        return Ok(b.0);
    }
    let fd = Reflect::construct(ctor, &Array::new()).map_err(|_| Issue::new("body", "could not build FormData"))?;
    let append = get(&fd, "append").dyn_into::<Function>().map_err(|_| Issue::new("body", "could not build FormData"))?;
    for k in b.keys() {
        let v = get(&b.0, &k);
        let v = if v.is_object() && get(&v, "arrayBuffer").is_function() { v } else { JsValue::from(js_sys::JsString::from(v)) };
        if append.call2(&fd, &JsValue::from_str(&k), &v).is_err() {
            return Err(Issue::new(format!("body.{k}"), "could not be added to FormData"));
        }
    }
    Ok(fd)
}

async fn send(inner: Rc<Inner>, call: Call) -> Result<JsValue, JsValue> {
    let mut attempt = 0;
    loop {
        let failure = match once(&inner, &call).await {
            Ok(v) => return Ok(v),
            Err(f) => f,
        };
        let retryable = errors::retryable(failure.kind, call.method, failure.status.unwrap_or(0));
        let aborted = call.user_signal.as_ref().is_some_and(AbortSignal::aborted);
        match retry::delay_ms(attempt, call.max_retries, retryable && !aborted, failure.retry_after.as_deref(), js_sys::Math::random()) {
            Some(ms) => {
                let _ = JsFuture::from(bindings::sleep(ms)).await;
                attempt += 1;
            }
            None => return Err(failure.to_js(call.op_id, call.method.as_str(), &call.path, retryable)),
        }
    }
}

async fn once(inner: &Inner, call: &Call) -> Result<JsValue, Failure> {
    if call.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(Failure::new(Kind::Aborted, "The request was aborted before it was sent"));
    }
    let timer = if call.timeout_ms > 0.0 { AbortSignal::timeout(call.timeout_ms).ok() } else { None };
    let signal = match (&call.user_signal, &timer) {
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
    let classify = |e: JsValue, during: &str| {
        let (kind, msg) = if call.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
            (Kind::Aborted, "The request was aborted".to_owned())
        } else if timer.as_ref().is_some_and(AbortSignal::aborted) {
            (Kind::Timeout, format!("No response within {} ms", call.timeout_ms))
        } else {
            let detail = get(&e, "message").as_string().unwrap_or_default();
            (Kind::Network, format!("Network error while {during}: {}", errors::redact(&detail, inner.token.as_deref().unwrap_or(""))))
        };
        let mut f = Failure::new(kind, msg);
        f.cause = e;
        f
    };

    let fetch = match &inner.fetch {
        Some(f) => f.clone(),
        None => get(&js_sys::global(), "fetch").dyn_into::<Function>().map_err(|_| Failure::new(Kind::Network, "No global fetch in this runtime; pass one in the config"))?,
    };
    let promise = fetch
        .call2(&JsValue::UNDEFINED, &call.url.as_str().into(), &init)
        .map_err(|e| classify(e, "sending"))?;
    let res: FetchResponse = JsFuture::from(Promise::resolve(&promise)).await.map_err(|e| classify(e, "sending"))?.unchecked_into();
    let status = res.status();
    let headers = res.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    inner.last_headers.replace(headers.clone().into());
    let text = match res.text() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    let ok = (200..300).contains(&status);
    let text = match text {
        Ok(t) => t,
        Err(e) if ok => {
            let mut f = classify(e, "reading the response");
            if f.kind == Kind::Network {
                f.kind = Kind::Decode;
                f.message = format!("The {status} response body could not be read in full");
            }
            f.status = Some(status);
            return Err(f);
        }
        Err(_) => JsValue::from_str(""),
    };
    let empty = text.as_string().is_some_and(|s| s.trim().is_empty());
    if ok {
        if empty {
            return Ok(JsValue::UNDEFINED);
        }
        return json_parse(&text).map_err(|e| {
            let raw = text.as_string().unwrap_or_default();
            let mut f = Failure::new(Kind::Decode, format!("The {status} response is not valid JSON"));
            f.status = Some(status);
            f.response = errors::redact(&raw, inner.token.as_deref().unwrap_or("")).into();
            f.cause = e;
            f.request_id = header("x-request-id");
            f
        });
    }
    Err(http_failure(inner, status, &text, &header))
}

fn http_failure(inner: &Inner, status: u16, text: &JsValue, header: &dyn Fn(&str) -> Option<String>) -> Failure {
    let raw = errors::redact(&text.as_string().unwrap_or_default(), inner.token.as_deref().unwrap_or(""));
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

/// The official SDK's call shape per operation, by whether it takes params
/// and a body: 0 `(options)`, 1 `(params, options)`, 2 `(body, options)`,
/// 3 `(params, body, options)`. One call at load, so the JS name table need
/// not repeat what the operation table already says.
#[wasm_bindgen]
pub fn shapes() -> Vec<u8> {
    table::OPS
        .iter()
        .map(|o| u8::from(!o.params.is_empty()) | (u8::from(o.body.is_some()) << 1))
        .collect()
}

/// Checks params and body of operation `op` without sending anything: the
/// issues as `[{ path, message }]`, empty when the call would be sent.
#[wasm_bindgen]
pub fn validate(op: u32, params: JsValue, body: JsValue) -> Array {
    let mut issues = Vec::new();
    match table::op(op) {
        Some(row) => {
            request::prepare(row, "", present(params).as_ref(), present(body).as_ref(), &mut issues);
        }
        None => issues.push(Issue::new("operation", "is not in this build")),
    }
    super::failure::issues_to_js(&issues)
}
