//! One failure type for every way a call can end badly; `to_js` turns it into
//! the plain object the JS layer wraps in a `HighLevelError`.

use super::jsvalue::set;
use super::pacer::figures_to_js;
use crate::errors::Kind;
use crate::retry::RateLimit;
use crate::validate::Issue;
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

pub struct Failure {
    pub kind: Kind,
    pub status: Option<u16>,
    pub message: String,
    pub messages: Vec<String>,
    pub issues: Vec<Issue>,
    pub response: JsValue,
    pub request_id: Option<String>,
    pub trace_id: Option<String>,
    pub retry_after: Option<String>,
    pub cause: JsValue,
    /// How many times the request was sent.
    pub attempts: u32,
    /// It may have taken effect although the call failed (and was not retried).
    pub maybe_applied: bool,
    /// Failed fast because the key's daily budget is spent.
    pub daily: bool,
    /// The last `X-RateLimit-*` figures.
    pub rate_limit: RateLimit,
    /// `code`, `details` and `resolution` of v3's AIP error envelope (undefined otherwise).
    pub aip: [JsValue; 3],
}

impl Failure {
    pub fn new(kind: Kind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            status: None,
            message: message.into(),
            messages: Vec::new(),
            issues: Vec::new(),
            response: JsValue::UNDEFINED,
            request_id: None,
            trace_id: None,
            retry_after: None,
            cause: JsValue::UNDEFINED,
            attempts: 0,
            maybe_applied: false,
            daily: false,
            rate_limit: RateLimit::default(),
            aip: [JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED],
        }
    }

    pub fn validation(op_id: &str, issues: Vec<Issue>) -> Failure {
        let list: Vec<String> = issues.iter().map(|i| format!("{} {}", i.path, i.message)).collect();
        let mut f = Failure::new(Kind::Validation, format!("Invalid request for {op_id}: {}", crate::text::join(&list, "; ")));
        f.messages = list;
        f.issues = issues;
        f
    }

    pub fn to_js(&self, op_id: &str, method: &str, path: &str, retryable: bool) -> JsValue {
        let o = Object::new();
        set(&o, "kind", &self.kind.as_str().into());
        set(&o, "message", &self.message.as_str().into());
        if let Some(s) = self.status {
            set(&o, "statusCode", &s.into());
        }
        let messages: Array = if self.messages.is_empty() {
            std::iter::once(JsValue::from_str(&self.message)).collect()
        } else {
            self.messages.iter().map(|m| JsValue::from_str(m)).collect()
        };
        set(&o, "messages", &messages);
        set(&o, "issues", &issues_to_js(&self.issues));
        set(&o, "operationId", &op_id.into());
        set(&o, "method", &method.into());
        set(&o, "path", &path.into());
        set(&o, "retryable", &retryable.into());
        set(&o, "response", &self.response);
        if let Some(r) = &self.request_id {
            set(&o, "requestId", &r.as_str().into());
        }
        if let Some(t) = &self.trace_id {
            set(&o, "traceId", &t.as_str().into());
        }
        set(&o, "attempts", &self.attempts.into());
        set(&o, "maybeApplied", &self.maybe_applied.into());
        if self.daily {
            set(&o, "daily", &true.into());
        }
        set(&o, "rateLimit", &figures_to_js(&self.rate_limit));
        for (name, v) in ["code", "details", "resolution"].iter().zip(&self.aip) {
            if !v.is_undefined() {
                set(&o, name, v);
            }
        }
        if !self.cause.is_undefined() {
            set(&o, "cause", &self.cause);
        }
        o.into()
    }
}

pub fn issues_to_js(issues: &[Issue]) -> Array {
    issues
        .iter()
        .map(|i| {
            let x = Object::new();
            set(&x, "path", &i.path.as_str().into());
            set(&x, "message", &i.message.as_str().into());
            JsValue::from(x)
        })
        .collect()
}

/// The issues for JS: `undefined` when there are none, else one string
/// `\0path\0message…` that JS cuts with `indexOf` and `slice` (JSON.parse
/// of `[path, message, …]` and a loop were ~0.26 µs of three issues, the
/// cuts ~0.09 µs), or, when a path or message holds a NUL itself, the
/// `[{ path, message }]` objects made here (a boundary call per object,
/// property and string: ~0.7 µs of three issues, so only then).
pub fn issues_text(issues: &[Issue]) -> JsValue {
    if issues.is_empty() {
        return JsValue::UNDEFINED;
    }
    if issues.iter().any(|i| i.path.contains('\0') || i.message.contains('\0')) {
        return issues_to_js(issues).into();
    }
    let mut out = String::with_capacity(issues.iter().map(|i| i.path.len() + i.message.len() + 2).sum::<usize>());
    for i in issues {
        out.push('\0');
        out.push_str(&i.path);
        out.push('\0');
        out.push_str(&i.message);
    }
    JsValue::from_str(&out)
}
