//! Auto-pagination, the pure part: given a list operation's `Paging` row,
//! the params and body as sent and the page received, what comes next: the
//! changes for the next request, the end of the walk, or an error (a cursor
//! that does not advance, a next-page URL off the base URL's origin). Generic
//! over `Value`, so it runs natively in tests and on `JsValue`s in wasm.

use crate::format::rsplit_byte;
use crate::text::{cat, join};
use crate::table::{Advance, Field, Loc, Op, Paging, Src};
use crate::value::{Kind, Value};

/// A value the next request sets.
#[derive(Debug, PartialEq)]
pub enum Set<V> {
    Number(f64),
    Text(String),
    List(Vec<String>),
    /// Copied from the page as it is (a cursor may be an array).
    Copy(V),
}

#[derive(Debug, PartialEq)]
pub struct Next<V> {
    /// `params` is the whole new param set (from a next-page URL) rather
    /// than changes over the params sent.
    pub replace: bool,
    pub params: Vec<(String, Set<V>)>,
    pub body: Vec<(String, Set<V>)>,
}

#[derive(Debug, PartialEq)]
pub enum Step<V> {
    End,
    Next(Next<V>),
}

/// One step of a dotted path: an object member, or an array index.
fn step<V: Value>(v: &V, seg: &str) -> Option<V> {
    match v.kind() {
        Kind::Array => v.item(crate::num::uint(seg).and_then(|n| usize::try_from(n).ok())?),
        _ => v.field(seg),
    }
}

/// The value at a non-empty dotted path (`meta.total`, `sort.0`).
pub fn at<V: Value>(v: &V, path: &str) -> Option<V> {
    let mut segs = path.split('.');
    let mut cur = step(v, segs.next()?)?;
    for s in segs {
        cur = step(&cur, s)?;
    }
    Some(cur)
}

/// The page's items array (`None`: the page has none where the row says).
pub fn items<V: Value>(paging: &Paging, page: V) -> Option<V> {
    let items = if paging.items.is_empty() { Some(page) } else { at(&page, paging.items) };
    items.filter(|v| v.kind() == Kind::Array)
}

/// Query text of a number, as `request.rs` puts numbers on the wire.
fn num_text(n: f64) -> String {
    crate::num::text(n)
}

/// A comparable text of a value: scalars as query text (so `"2"` and `2`
/// compare equal), arrays and objects spelled out.
fn canon<V: Value>(v: &V) -> String {
    match v.kind() {
        Kind::String => v.as_str().unwrap_or_default(),
        Kind::Number => v.as_f64().map(num_text).unwrap_or_default(),
        Kind::Bool => v.as_bool().map(|b| b.to_string()).unwrap_or_default(),
        Kind::Array => {
            let parts: Vec<String> = (0..v.len()).filter_map(|i| v.item(i)).map(|x| canon(&x)).collect();
            cat(&["[", &join(&parts, ","), "]"])
        }
        Kind::Object => {
            let mut keys = v.keys();
            // Insertion sort: a page item has a handful of keys, and this
            // keeps core's sort (about 6 KB) out of the wasm.
            for i in 1..keys.len() {
                let mut j = i;
                while j > 0 && keys.get(j - 1) > keys.get(j) {
                    keys.swap(j - 1, j);
                    j -= 1;
                }
            }
            let parts: Vec<String> = keys.iter().map(|k| cat(&[k, ":", &v.field(k).map(|x| canon(&x)).unwrap_or_default()])).collect();
            cat(&["{", &join(&parts, ","), "}"])
        }
        Kind::Null | Kind::Other => String::new(),
    }
}

fn canon_set<V: Value>(s: &Set<V>) -> String {
    match s {
        Set::Number(n) => num_text(*n),
        Set::Text(t) => t.clone(),
        Set::List(l) => cat(&["[", &join(l, ","), "]"]),
        Set::Copy(v) => canon(v),
    }
}

fn sent<V: Value>(f: &Field, params: Option<&V>, body: Option<&V>) -> Option<V> {
    let from = if f.body { body } else { params };
    from.and_then(|v| v.field(f.key)).filter(|v| v.kind() != Kind::Null)
}

/// A number sent as a number or as numeric text.
fn sent_number<V: Value>(f: &Field, params: Option<&V>, body: Option<&V>) -> Option<f64> {
    let v = sent(f, params, body)?;
    v.as_f64().or_else(|| v.as_str().and_then(|s| crate::num::parse(s.trim().as_bytes()))).filter(|n: &f64| n.is_finite())
}

/// The one change of an offset or page step, in the right list.
fn one<V: Value>(f: &Field, n: f64) -> Next<V> {
    let set = if f.text { Set::Text(num_text(n)) } else { Set::Number(n) };
    let change = vec![(f.key.to_owned(), set)];
    if f.body {
        Next { replace: false, params: vec![], body: change }
    } else {
        Next { replace: false, params: change, body: vec![] }
    }
}

/// `scheme://host[:port]`, lower-cased, default port dropped; `None` for
/// anything that is not a plain http(s) URL (userinfo included).
fn origin(url: &str) -> Option<(String, &str)> {
    // (A byte search: `split_once("://")` brings core's two-way string search into the wasm.)
    let at = url.as_bytes().windows(3).position(|w| w == b"://")?;
    let (scheme, rest) = (url.get(..at)?, url.get(at + 3..)?);
    let scheme = scheme.to_ascii_lowercase();
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (auth, tail) = (rest.get(..end)?, rest.get(end..)?);
    if auth.is_empty() || auth.contains('@') || !matches!(scheme.as_str(), "http" | "https") {
        return None;
    }
    let auth = auth.to_ascii_lowercase();
    let auth = match (scheme.as_str(), rsplit_byte(&auth, b':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_owned(),
        _ => auth,
    };
    Some((cat(&[&scheme, "://", &auth]), tail))
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Query-string decoding: `%XX` and `+` for a space.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b.get(i), b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 3;
            }
            (Some(b'+'), ..) => {
                out.push(b' ');
                i += 1;
            }
            (Some(&c), ..) => {
                out.push(c);
                i += 1;
            }
            (None, ..) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `path` is the operation's route (placeholders match any segment).
fn same_route(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len() && t.iter().zip(&p).all(|(a, b)| (a.starts_with('{') && !b.is_empty()) || *a == decode(b))
}

/// The next request from a next-page URL: on the base URL's origin, on the
/// operation's route; its query becomes the params (path params kept).
fn from_url<V: Value>(op: &Op, params: Option<&V>, url: &str, base: &str) -> Result<Step<V>, String> {
    let (base_origin, base_tail) = origin(base).ok_or_else(|| format!("the base URL {base} is not an http(s) URL"))?;
    let (url_origin, tail) = if url.starts_with('/') && !url.starts_with("//") {
        (base_origin.clone(), url)
    } else {
        origin(url).ok_or_else(|| format!("the next-page URL `{url}` is not an http(s) URL on {base_origin}; not followed"))?
    };
    // An http URL for the https base's own host is the same server seen
    // behind its TLS terminator; the next request goes to the base URL anyway.
    let upgraded = url_origin.strip_prefix("http://").is_some_and(|h| base_origin.strip_prefix("https://") == Some(h));
    if url_origin != base_origin && !upgraded {
        return Err(format!("the next-page URL is on {url_origin}, not on the base URL's origin {base_origin}; not followed"));
    }
    let tail = tail.split('#').next().unwrap_or_default();
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let prefix = base_tail.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    let route = path.strip_prefix(prefix).unwrap_or(path);
    if !same_route(op.path, route) {
        return Err(format!("the next-page URL points at {path}, not at {}; not followed", op.path));
    }
    let mut out: Vec<(String, Set<V>)> = vec![];
    for p in op.params.iter().filter(|p| p.loc == Loc::Path) {
        if let Some(v) = params.and_then(|x| x.field(p.key)) {
            out.push((p.key.to_owned(), Set::Copy(v)));
        }
    }
    let mut same = true;
    for pair in query.split('&').filter(|x| !x.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), decode(v));
        let (name, list) = match k.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (k.as_str(), false),
        };
        // unknown names and empty values (`q=&status=`) mean "not set"
        let Some(p) = op.params.iter().find(|p| p.loc == Loc::Query && (p.name == name || p.key == name)) else { continue };
        if v.is_empty() {
            continue;
        }
        match out.iter_mut().find(|(key, _)| key == p.key) {
            Some((_, Set::List(l))) => l.push(v),
            _ if list => out.push((p.key.to_owned(), Set::List(vec![v]))),
            _ => out.push((p.key.to_owned(), Set::Text(v))),
        }
    }
    for p in op.params.iter().filter(|p| p.loc == Loc::Query) {
        let before = params.and_then(|x| x.field(p.key)).map(|v| canon(&v)).unwrap_or_default();
        let after = out.iter().find(|(k, _)| k == p.key).map(|(_, s)| canon_set(s)).unwrap_or_default();
        same &= before == after;
    }
    if same {
        return Err(format!("the next-page URL asks for the page just received ({url}); the cursor does not advance"));
    }
    Ok(Step::Next(Next { replace: true, params: out, body: vec![] }))
}

/// The cursor step: every field from the page or the last item.
fn cursor<V: Value>(fields: &[(Field, Src)], params: Option<&V>, body: Option<&V>, page: &V, items: &V) -> Result<Step<V>, String> {
    let mut next = Next { replace: false, params: vec![], body: vec![] };
    let mut advanced = false;
    let mut said = vec![];
    for (f, src) in fields {
        let value = match src {
            // the page names no next cursor: the end
            Src::Page(p) => match at(page, p).filter(|v| v.kind() != Kind::Null) {
                Some(v) => v,
                None => return Ok(Step::End),
            },
            Src::LastItem(p) => items
                .item(items.len().saturating_sub(1))
                .and_then(|last| at(&last, p))
                .filter(|v| v.kind() != Kind::Null)
                .ok_or_else(|| format!("the last item has no `{p}` to continue from"))?,
        };
        let text = canon(&value);
        advanced |= sent(f, params, body).map(|v| canon(&v)) != Some(text.clone());
        said.push(cat(&[f.key, "=", &text]));
        let set = if f.text && value.kind() == Kind::Number { Set::Text(text) } else { Set::Copy(value) };
        if f.body { &mut next.body } else { &mut next.params }.push((f.key.to_owned(), set));
    }
    if !advanced {
        return Err(format!("the cursor does not advance ({} again); stopped so the walk cannot loop", join(&said, ", ")));
    }
    Ok(Step::Next(next))
}

/// What follows `page`, the answer to the request made with `params` and
/// `body`; `seen` counts the items of every page so far, this one included.
/// An `Err` says why the walk cannot go on.
pub fn next<V: Value>(op: &Op, paging: &Paging, params: Option<&V>, body: Option<&V>, page: &V, seen: u64, base: &str) -> Result<Step<V>, String> {
    let items = if paging.items.is_empty() { None } else { at(page, paging.items) };
    let items = match items {
        Some(v) if v.kind() == Kind::Array => v,
        Some(_) | None if !paging.items.is_empty() => return Err(format!("the page has no `{}` array to go on from", paging.items)),
        _ if page.kind() == Kind::Array => return next_of(op, paging, params, body, page, page, seen, base),
        _ => return Err("the page is not an array to go on from".to_owned()),
    };
    next_of(op, paging, params, body, page, &items, seen, base)
}

#[allow(clippy::too_many_arguments)] // the decision's inputs, each needed
fn next_of<V: Value>(op: &Op, paging: &Paging, params: Option<&V>, body: Option<&V>, page: &V, items: &V, seen: u64, base: &str) -> Result<Step<V>, String> {
    let n = items.len();
    if n == 0 {
        return Ok(Step::End);
    }
    if !paging.more.is_empty() {
        if let Some(m) = at(page, paging.more) {
            if m.kind() == Kind::Null || m.as_bool() == Some(false) {
                return Ok(Step::End);
            }
        }
    }
    if !paging.total.is_empty() {
        if let Some(total) = at(page, paging.total).and_then(|t| t.as_f64()) {
            if seen as f64 >= total {
                return Ok(Step::End);
            }
        }
    }
    match &paging.advance {
        Advance::Offset(f) => {
            let from = sent_number(f, params, body).unwrap_or(0.0);
            Ok(Step::Next(one(f, from + n as f64)))
        }
        Advance::Page(f, first) => {
            let from = sent_number(f, params, body).unwrap_or(f64::from(*first));
            Ok(Step::Next(one(f, from + 1.0)))
        }
        Advance::Cursor(fields) => cursor(fields, params, body, page, items),
        Advance::NextUrl(p) => match at(page, p).and_then(|u| u.as_str()).filter(|u| !u.is_empty()) {
            None => Ok(Step::End),
            Some(url) => from_url(op, params, &url, base),
        },
        // AIP-158: no token (or an empty one) is the last page; a token is
        // opaque, so only the same one again is known not to advance.
        Advance::Token(f, p) => match at(page, p).and_then(|t| t.as_str()).filter(|t| !t.is_empty()) {
            None => Ok(Step::End),
            Some(token) if sent(f, params, body).and_then(|v| v.as_str()).as_deref() == Some(token.as_str()) => {
                Err(format!("the page token does not advance ({}={token} again); stopped so the walk cannot loop", f.key))
            }
            Some(token) => {
                let change = vec![(f.key.to_owned(), Set::Text(token))];
                Ok(Step::Next(if f.body { Next { replace: false, params: vec![], body: change } } else { Next { replace: false, params: change, body: vec![] } }))
            }
        },
    }
}

#[cfg(test)]
#[path = "paginate_tests.rs"]
mod tests;
