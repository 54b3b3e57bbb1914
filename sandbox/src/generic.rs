//! Every table row without a stateful handler: the request is checked the way
//! the API checks it, with the core's own validator (no second one here), and
//! answered with the documented status and example (`canned`).
//!
//! Order (after route, token and `Version`, done in `http`): query/header/path
//! params → 422; missing required body → 400; wrong Content-Type or
//! unparseable body → 400; body schema issues → 422, one message per issue.

use crate::canned;
use crate::reply::Reply;
use crate::routes::percent_decode;
use crate::versions::{with_table, Api};
use axum::http::{header, HeaderMap};
use highlevel_wasm::request;
use highlevel_wasm::table::{BodyKind, Loc, Op};
use highlevel_wasm::validate::{self, Issue};
use serde_json::{Map, Value};

/// What the generic check needs of a request.
pub struct Incoming<'a> {
    /// Decoded path parameters by template name.
    pub path: &'a [(&'static str, String)],
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Checks `req` against `op` and answers the documented success.
pub fn answer(op: &Op, req: &Incoming) -> Reply {
    answer_in(op, req, Api::V2)
}

/// `answer` for a row of `api`'s table (its schemas, its documented answers).
pub fn answer_in(op: &Op, req: &Incoming, api: Api) -> Reply {
    if let Err(reply) = with_table(api, || check(op, req)) {
        return reply;
    }
    // the list operations the client pages through get real pages
    if let Some(reply) = crate::lists::answer(op, req) {
        return reply;
    }
    let canned = match api {
        Api::V2 => canned::get(op.id),
        Api::V3 => canned::get_v3(op.id),
    };
    match canned {
        Some(c) if c.status == 204 || c.example.is_null() => Reply::empty(c.status),
        Some(c) => Reply::json(c.status, c.example.clone()),
        None => Reply::error(500, "responses table unavailable", "Internal Server Error"),
    }
}

/// Whether `req` passes `op`'s check (a row of `api`'s table).
pub fn passes(op: &Op, req: &Incoming, api: Api) -> bool {
    with_table(api, || check(op, req)).is_ok()
}

pub fn check(op: &Op, req: &Incoming) -> Result<(), Reply> {
    // Params only: the body gets its own status split below.
    let params_only = Op { body: None, ..*op };
    let params = Value::Object(params_object(op, req));
    let mut issues = Vec::new();
    request::prepare(&params_only, "", Some(&&params), None, &mut issues);
    if !issues.is_empty() {
        return Err(unprocessable(&issues));
    }
    let Some(spec) = &op.body else { return Ok(()) };
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return if spec.required {
            Err(Reply::bad_request("body is required"))
        } else {
            Ok(())
        };
    }
    let ct = content_type(req.headers);
    let body = match spec.kind {
        BodyKind::Json if ct == "application/json" || ct.ends_with("+json") => {
            serde_json::from_slice::<Value>(req.body)
                .map_err(|_| Reply::bad_request("body is not valid JSON"))?
        }
        BodyKind::Json => return Err(wrong_type("application/json")),
        BodyKind::Form if ct == request::FORM => form_object(req.body),
        BodyKind::Form => return Err(wrong_type(request::FORM)),
        // Accepted as it is: parts are not parsed.
        BodyKind::Multipart if ct == "multipart/form-data" && has_boundary(req.headers) => {
            return Ok(())
        }
        BodyKind::Multipart => return Err(wrong_type("multipart/form-data (with a boundary)")),
    };
    validate::check(&&body, spec.schema, "", &mut issues);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(unprocessable(&issues))
    }
}

/// `{statusCode:422, message:["<path> <message>", ...], error}`.
fn unprocessable(issues: &[Issue]) -> Reply {
    let messages = issues
        .iter()
        .map(|i| {
            let path = if i.path.is_empty() { "body" } else { &i.path };
            format!("{path} {}", i.message)
        })
        .collect();
    Reply::unprocessable(messages)
}

fn wrong_type(expected: &str) -> Reply {
    Reply::bad_request(&format!("Content-Type must be {expected}"))
}

/// The media type, lower-cased, without parameters.
fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn has_boundary(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').skip(1).any(|p| {
                p.trim().split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("boundary") && !v.trim().is_empty()
                })
            })
        })
}

/// `application/x-www-form-urlencoded` decoding of one key or value.
fn form_decode(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// `a=1&b=x&ids[]=1&ids[]=2` → `{a:"1", b:"x", ids:["1","2"]}`; a key given
/// twice without brackets also becomes a list.
pub fn pairs_object(text: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (form_decode(k), Value::String(form_decode(v)));
        let (name, list) = match k.strip_suffix("[]") {
            Some(name) => (name.to_string(), true),
            None => (k, false),
        };
        match out.get_mut(&name) {
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
            None if list => {
                out.insert(name, Value::Array(vec![v]));
            }
            None => {
                out.insert(name, v);
            }
        }
    }
    out
}

fn form_object(body: &[u8]) -> Value {
    Value::Object(pairs_object(&String::from_utf8_lossy(body)))
}

/// The request's parameters under the keys callers use (`Param::key`), read
/// from where the table says each one travels (`Param::name` on the wire).
fn params_object(op: &Op, req: &Incoming) -> Map<String, Value> {
    let query = pairs_object(req.query.unwrap_or(""));
    let mut out = Map::new();
    for p in op.params {
        let v = match p.loc {
            Loc::Path => req
                .path
                .iter()
                .find(|(n, _)| *n == p.name)
                .map(|(_, v)| Value::String(v.clone())),
            // `explode: false`: `fields=a,b` is the list [a, b]
            Loc::Query if p.comma => query.get(p.name).map(|v| match v {
                Value::String(s) => Value::Array(s.split(',').map(|x| Value::String(x.to_owned())).collect()),
                other => other.clone(),
            }),
            Loc::Query => query.get(p.name).cloned(),
            Loc::Header => req
                .headers
                .get(p.name)
                .and_then(|v| v.to_str().ok())
                .map(|v| Value::String(v.to_string())),
        };
        if let Some(v) = v {
            out.insert(p.key.to_string(), v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pairs_decode_plus_percent_and_lists() {
        let m = pairs_object("a=1&b=x+y%21&ids[]=1&ids%5B%5D=2&r=1&r=2&flag&&");
        assert_eq!(
            Value::Object(m),
            json!({"a":"1","b":"x y!","ids":["1","2"],"r":["1","2"],"flag":""})
        );
    }

    #[test]
    fn unprocessable_names_each_path() {
        let r = unprocessable(&[
            Issue::new("a.b", "is required"),
            Issue::new("", "must be an object, got array"),
        ]);
        assert_eq!(r.status, 422);
        assert_eq!(
            r.body.map(|b| b["message"].clone()),
            Some(json!([
                "a.b is required",
                "body must be an object, got array"
            ]))
        );
    }

    #[test]
    fn boundary_and_media_type() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "Multipart/Form-Data; boundary=xyz".parse().expect("hv"),
        );
        assert_eq!(content_type(&h), "multipart/form-data");
        assert!(has_boundary(&h));
        h.insert(
            header::CONTENT_TYPE,
            "multipart/form-data".parse().expect("hv"),
        );
        assert!(!has_boundary(&h));
    }
}
