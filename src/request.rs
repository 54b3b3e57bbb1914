//! Turns an operation row plus caller input into what goes on the wire:
//! validation first (every issue, with its path), then URL and headers.
//! Generic over `Value`, so it runs natively in tests and in the sandbox.

use crate::table::{BodyKind, Loc, Op, Ty};
use crate::{text, url};
use crate::validate::{self, Issue};
use crate::value::{Kind, Value};

pub const JSON: &str = "application/json";
pub const FORM: &str = "application/x-www-form-urlencoded";

#[derive(Debug, PartialEq, Eq)]
pub struct Prepared {
    /// Full URL with query string.
    pub url: String,
    /// The request path without query, for errors and logs.
    pub path: String,
    /// Header params from the table (Version, Authorization and
    /// Content-Type are added by the transport).
    pub headers: Vec<(&'static str, String)>,
}

/// Validates params and body of `op` and builds the URL. Issues are appended
/// to `issues`; the result is only meaningful when none were added.
pub fn prepare<V: Value>(op: &Op, base: &str, params: Option<&V>, body: Option<&V>, issues: &mut Vec<Issue>) -> Prepared {
    prepare_with(op, base, params, body, issues)
}

/// `prepare` with params and body read through different views: the wasm
/// client reads params in place and a JSON body as its serialized text.
pub fn prepare_with<P: Value, B: Value>(op: &Op, base: &str, params: Option<&P>, body: Option<&B>, issues: &mut Vec<Issue>) -> Prepared {
    check_with(op, params, body, issues);
    build(op, base, params)
}

/// The checks of `prepare_with` alone (`HighLevel.validate` builds no URL:
/// ~0.1 µs of a check in wasm).
pub fn check_with<P: Value, B: Value>(op: &Op, params: Option<&P>, body: Option<&B>, issues: &mut Vec<Issue>) {
    if let Some(p) = params {
        if p.kind() != Kind::Object {
            issues.push(Issue::new("params", text::cat(&["must be an object, got ", p.kind().name()])));
        }
    }
    let get = |key: &'static str| params.and_then(|p| p.field_static(key));
    for p in op.params {
        let v = get(p.key);
        match p.loc {
            Loc::Path => {
                let kind = v.as_ref().map(Value::kind);
                let text = v.as_ref().and_then(Value::as_str);
                let before = issues.len();
                validate::path_param(text.as_deref(), kind, p.key, issues);
                if let (Some(v), true) = (&v, issues.len() == before) {
                    scalar(v, p.schema, p.key, issues); // enums and formats
                }
            }
            Loc::Query | Loc::Header => match v {
                None if p.required => issues.push(Issue::new(p.key, "is required")),
                None => {}
                // An empty list puts nothing on the wire: for a required
                // param that is the same as leaving it out.
                Some(v) if p.required && v.kind() == Kind::Array && v.is_empty() => issues.push(Issue::new(p.key, "must not be empty")),
                Some(v) => scalar_or_list(&v, p.schema, p.key, p.loc == Loc::Query, issues),
            },
        }
    }
    if let Some(b) = &op.body {
        match body {
            None if b.required => issues.push(Issue::new("body", "is required")),
            None => {}
            Some(v) if b.kind == BodyKind::Multipart => {
                // A FormData or Blob goes as it is (its entries cannot be
                // read back portably); a plain object is checked, then
                // turned into FormData.
                if v.is_opaque() {
                } else if v.kind() == Kind::Object {
                    validate::check(v, b.schema, "", issues);
                } else {
                    issues.push(Issue::new("body", "must be a FormData or an object"));
                }
            }
            Some(v) => validate::check(v, b.schema, "", issues),
        }
    }
}

/// The URL and header params of a checked call.
fn build<P: Value>(op: &Op, base: &str, params: Option<&P>) -> Prepared {
    let get = |key: &'static str| params.and_then(|p| p.field_static(key));
    let path = url::fill_path(op.path, |name| {
        op.params
            .iter()
            .find(|p| p.loc == Loc::Path && p.name == name)
            .and_then(|p| get(p.key))
            .and_then(|v| v.as_str())
    });
    let mut full = url::join(base, &path);
    let mut headers = Vec::new();
    for p in op.params.iter().filter(|p| p.loc != Loc::Path) {
        let Some(v) = get(p.key) else { continue };
        if p.loc == Loc::Header {
            if let Some(s) = scalar_text(&v) {
                headers.push((p.name, s));
            }
            continue;
        }
        if v.kind() == Kind::Array && p.comma {
            // `explode: false`: one key, the items joined (`fields=a,b`).
            let items: Vec<String> = (0..v.len()).filter_map(|i| v.item(i).as_ref().and_then(scalar_text)).collect();
            url::push_query(&mut full, p.name, &text::join(&items, ","));
        } else if v.kind() == Kind::Array {
            // Repeated key with brackets, as the official SDK's axios sends
            // arrays (`ids[]=a&ids[]=b`).
            let name = text::cat(&[p.name, "[]"]);
            for i in 0..v.len() {
                if let Some(s) = v.item(i).as_ref().and_then(scalar_text) {
                    url::push_query(&mut full, &name, &s);
                }
            }
        } else if let Some(s) = scalar_text(&v) {
            url::push_query(&mut full, p.name, &s);
        }
    }
    Prepared { url: full, path, headers }
}

/// The URL of a generic request: the caller's path (kept on the configured
/// host: no scheme, no `//`, no dot segments) and a query object.
pub fn generic<V: Value>(base: &str, path: Option<&str>, query: Option<&V>, issues: &mut Vec<Issue>) -> Prepared {
    let path = path.unwrap_or_default();
    let bad = !path.starts_with('/')
        || path.starts_with("//")
        || path.as_bytes().windows(3).any(|w| w == b"://")
        || path.split(['/', '?', '#']).any(|seg| seg == "." || seg == ".." || seg.eq_ignore_ascii_case("%2e") || seg.eq_ignore_ascii_case("%2e%2e"))
        || path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '?' || c == '#');
    if bad {
        issues.push(Issue::new("path", "must be an absolute path on the API host, like /contacts/abc (no scheme, query or dot segments)"));
    }
    let mut url = url::join(base, path);
    if let Some(q) = query {
        if q.kind() != Kind::Object {
            issues.push(Issue::new("query", "must be an object"));
        }
        for k in q.keys() {
            let Some(v) = q.field(&k) else { continue };
            if v.kind() == Kind::Array {
                let name = text::cat(&[&k, "[]"]);
                for i in 0..v.len() {
                    match v.item(i).as_ref().and_then(scalar_text) {
                        Some(s) => url::push_query(&mut url, &name, &s),
                        None => issues.push(Issue::new(format!("query.{k}[{i}]"), "must be a string, number or boolean")),
                    }
                }
            } else if let Some(s) = scalar_text(&v) {
                url::push_query(&mut url, &k, &s);
            } else if v.kind() != Kind::Null {
                issues.push(Issue::new(text::cat(&["query.", &k]), "must be a string, number, boolean or an array of them"));
            }
        }
    }
    Prepared { url, path: path.to_owned(), headers: Vec::new() }
}

/// Query and header values are text on the wire: numbers and booleans are
/// accepted wherever a string is declared, and numeric text where a number is,
/// since the specs type many numeric query params as strings.
fn scalar_or_list<V: Value>(v: &V, schema: u16, key: &str, list_ok: bool, issues: &mut Vec<Issue>) {
    match v.kind() {
        Kind::Array if list_ok => {
            let items = crate::table::schema(schema).map_or(crate::table::NONE, |s| s.items);
            for i in 0..v.len() {
                if let Some(item) = v.item(i) {
                    scalar(&item, items, &format!("{key}[{i}]"), issues);
                }
            }
        }
        _ => scalar(v, schema, key, issues),
    }
}

fn scalar<V: Value>(v: &V, schema: u16, key: &str, issues: &mut Vec<Issue>) {
    let Some(text) = scalar_text(v) else {
        issues.push(Issue::new(key, format!("must be a string, number or boolean, got {}", v.kind().name())));
        return;
    };
    let Some(s) = crate::table::schema(schema) else { return };
    let problem = match s.ty {
        Ty::Number | Ty::Integer if crate::num::parse(text.as_bytes()).is_none() => Some("must be a number"),
        Ty::Boolean if text != "true" && text != "false" => Some("must be true or false"),
        _ => None,
    };
    if let Some(m) = problem {
        issues.push(Issue::new(key, m));
    } else if !s.enums.is_empty() && !s.enums.iter().any(|e| e.trim_matches('"') == text) {
        issues.push(Issue::new(key, validate::one_of(s.enums)));
    } else if let Err(m) = validate::check_format(s.format, &text) {
        issues.push(Issue::new(key, m));
    }
}

fn scalar_text<V: Value>(v: &V) -> Option<String> {
    match v.kind() {
        Kind::String => v.as_str(),
        Kind::Number => v.as_f64().map(crate::num::text),
        Kind::Bool => v.as_bool().map(|b| if b { "true".into() } else { "false".into() }),
        _ => None,
    }
}

/// `a=1&b=x%20y` for form-urlencoded bodies (`/oauth/token`).
pub fn form_body<V: Value>(body: &V) -> String {
    let mut out = String::new();
    for k in body.keys() {
        let Some(s) = body.field(&k).as_ref().and_then(scalar_text) else { continue };
        if !out.is_empty() {
            out.push('&');
        }
        url::encode_form(&k, &mut out);
        out.push('=');
        url::encode_form(&s, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::find_op;
    use serde_json::{json, Value as J};

    fn run(id: &str, params: J, body: Option<J>) -> (Prepared, Vec<Issue>) {
        let (_, op) = find_op(id).expect("seed op in table"); // ok: test only
        let mut issues = Vec::new();
        let p = prepare(op, "https://h.test/", Some(&&params), body.as_ref().as_ref(), &mut issues);
        (p, issues)
    }

    fn paths(issues: &[Issue]) -> Vec<&str> {
        issues.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn seed_request_builds() {
        let (p, issues) = run("add-followers-contact", json!({"contactId": "c 1/x"}), Some(json!({"followers": ["u1"], "extra": 1})));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(p.url, "https://h.test/contacts/c%201%2Fx/followers");
        assert_eq!(p.path, "/contacts/c%201%2Fx/followers");
    }

    #[test]
    fn every_problem_is_listed() {
        let (_, issues) = run("add-followers-contact", json!({"contactId": ""}), Some(json!({"followers": ["a", "", 3]})));
        assert_eq!(paths(&issues), vec!["contactId", "followers[1]", "followers[2]"]);
        let (_, issues) = run("add-tags", json!({"contactId": ".."}), Some(json!({"tags": []})));
        assert_eq!(paths(&issues), vec!["contactId", "tags"]);
        let (_, issues) = run("remove-followers-contact", json!({}), None);
        assert_eq!(paths(&issues), vec!["contactId", "body"]);
        let (_, issues) = run("add-followers-opportunity", json!({"id": 5}), Some(json!({"followers": "u1"})));
        assert_eq!(paths(&issues), vec!["id", "followers"]);
    }

    #[test]
    fn workflow_time_must_carry_an_offset() {
        let ok = run("add-contact-to-workflow", json!({"contactId": "c", "workflowId": "w"}), Some(json!({"eventStartTime": "2021-06-23T03:30:00+01:00"})));
        assert!(ok.1.is_empty());
        let none = run("add-contact-to-workflow", json!({"contactId": "c", "workflowId": "w"}), None);
        assert!(none.1.is_empty());
        let bad = run("add-contact-to-workflow", json!({"contactId": "c", "workflowId": "w"}), Some(json!({"eventStartTime": "2021-06-23T03:30:00"})));
        assert_eq!(paths(&bad.1), vec!["eventStartTime"]);
    }

    #[test]
    fn generic_paths_stay_on_the_host() {
        for bad in ["contacts", "//evil.test/x", "/a/../b", "/a/./b", "http://x/y", "/a b", "/a?x=1", "/a/%2e%2e/b"] {
            let mut issues = Vec::new();
            generic::<&J>("https://h.test", Some(bad), None, &mut issues);
            assert_eq!(issues.len(), 1, "{bad}");
        }
        let mut issues = Vec::new();
        let q = json!({"locationId": "l 1", "ids": ["a", 2], "skip": null, "on": true});
        let p = generic("https://h.test", Some("/custom/x"), Some(&&q), &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        // serde_json orders keys; JS objects keep insertion order.
        assert_eq!(p.url, "https://h.test/custom/x?ids%5B%5D=a&ids%5B%5D=2&locationId=l+1&on=true");
    }

    #[test]
    fn form_bodies_encode() {
        let b = json!({"grant_type": "refresh_token", "n": 2, "skip": {"x": 1}});
        assert_eq!(form_body(&&b), "grant_type=refresh_token&n=2");
    }
}
