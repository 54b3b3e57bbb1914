//! The schema interpreter: walks a value against a table schema and lists
//! every problem with its path. It never stops at the first issue, so a caller
//! fixes everything in one round trip.

use crate::format;
use crate::table::{self, Fmt, Schema, Ty};
use crate::value::{Kind, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue { path: path.into(), message: message.into() }
    }
}

/// Deep schemas are cut off here, so hostile cyclic-looking input cannot
/// exhaust the wasm stack.
const MAX_DEPTH: usize = 64;

pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        crate::text::cat(&[path, ".", key])
    }
}

/// "must be one of" an enum's values. A loop, not `join`: `[&str]::join` was
/// a second copy of alloc's `join_generic_copy` (~1 KB of wasm) beside
/// `[String]::join`'s.
pub fn one_of(enums: &[&str]) -> String {
    let mut s = String::with_capacity(15 + enums.iter().map(|e| e.len() + 2).sum::<usize>());
    write_one_of(&mut s, enums);
    s
}

/// `one_of`'s text appended to `s` (the wire pass writes it into its issues text).
pub fn write_one_of(s: &mut String, enums: &[&str]) {
    s.push_str("must be one of ");
    for (i, e) in enums.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(e);
    }
}

/// Checks `v` against schema `index`, appending issues under `path`.
pub fn check<V: Value>(v: &V, schema: u16, path: &str, out: &mut Vec<Issue>) {
    check_at(v, schema, &mut path.to_owned(), out, 0);
}

/// `check` of a value `depth` levels down (the wire pass walks only the
/// members it refuses; the depth limit counts from the body's root), with
/// the caller's path buffer (left as it was).
pub fn check_at<V: Value>(v: &V, schema: u16, path: &mut String, out: &mut Vec<Issue>, depth: usize) {
    walk(v, schema, path, &mut Sink { out, quick: false }, depth);
}

/// Appends `seg` to `path` (one buffer for the whole walk: a path is copied
/// only into an issue); the caller truncates it back to the length returned.
/// Not generic over the step taken in between: that was two copies in wasm.
fn push_seg(path: &mut String, seg: Seg) -> usize {
    let len = path.len();
    match seg {
        Seg::Key(k) => {
            if len > 0 {
                path.push('.');
            }
            path.push_str(k);
        }
        Seg::Index(i) => {
            // Digits by hand: `write!` costs more than the rest of a step.
            path.push('[');
            let mut buf = [0u8; 20];
            let mut at = buf.len();
            let mut n = i;
            loop {
                at -= 1;
                if let Some(d) = buf.get_mut(at) {
                    *d = b'0' + (n % 10) as u8;
                }
                n /= 10;
                if n == 0 || at == 0 {
                    break;
                }
            }
            path.push_str(std::str::from_utf8(buf.get(at..).unwrap_or_default()).unwrap_or_default());
            path.push(']');
        }
    }
    len
}

enum Seg<'k> {
    Key(&'k str),
    Index(usize),
}

/// Where issues go. `quick` (an anyOf alternative being tried) stops at the
/// first issue and builds no message: a failed alternative used to cost more
/// than the whole rest of a check.
struct Sink<'o> {
    out: &'o mut Vec<Issue>,
    quick: bool,
}

impl Sink<'_> {
    /// Inline, the rest shared: one copy per message closure was ~1.6 KB of wasm.
    #[inline(always)]
    fn push(&mut self, path: &str, msg: impl FnOnce() -> String) {
        let msg = if self.quick { String::new() } else { msg() };
        self.put(path, msg);
    }
    #[inline(never)]
    fn put(&mut self, path: &str, message: String) {
        let path = if self.quick { String::new() } else { path.to_owned() };
        self.out.push(Issue { path, message });
    }
    /// A quick check already failed: stop walking.
    fn done(&self) -> bool {
        self.quick && !self.out.is_empty()
    }
}

fn walk<V: Value>(v: &V, schema: u16, path: &mut String, out: &mut Sink, depth: usize) {
    let Some(s) = table::schema(schema) else { return };
    if depth > MAX_DEPTH {
        out.push(path, || "is nested too deeply".to_owned());
        return;
    }
    let kind = v.kind();
    if kind == Kind::Null {
        if !s.nullable && s.ty != Ty::Any && s.all_of.is_empty() && s.one_of.is_empty() && s.any_of.is_empty() {
            out.push(path, || format!("must be {}, not null", ty_name(s.ty)));
        }
        return;
    }
    for &sub in s.all_of {
        walk(v, sub, path, out, depth + 1);
        if out.done() {
            return;
        }
    }
    // oneOf is treated like anyOf: the specs' alternatives overlap, and
    // rejecting a value that fits two of them would refuse valid calls.
    for alts in [s.one_of, s.any_of] {
        // The specs repeat alternatives (several fields resolve to one node).
        let distinct = || alts.iter().enumerate().filter(|&(i, a)| !alts.get(..i).is_some_and(|seen| seen.contains(a))).map(|(_, &a)| a);
        if !alts.is_empty() && !distinct().any(|a| fits(v, a, depth + 1)) {
            if out.quick {
                out.push(path, String::new);
                return;
            }
            let mut best: Option<Vec<Issue>> = None;
            for a in distinct() {
                let mut tmp = Vec::new();
                walk(v, a, path, &mut Sink { out: &mut tmp, quick: false }, depth + 1);
                if best.as_ref().map_or(true, |b| tmp.len() < b.len()) {
                    best = Some(tmp);
                }
            }
            match best {
                Some(b) if b.len() == 1 => out.out.extend(b),
                _ => out.push(path, || "does not match any of the allowed shapes".to_owned()),
            }
        }
    }
    typed(v, kind, s, schema, path, out, depth);
}

fn fits<V: Value>(v: &V, schema: u16, depth: usize) -> bool {
    let mut tmp = Vec::new();
    walk(v, schema, &mut String::new(), &mut Sink { out: &mut tmp, quick: true }, depth);
    tmp.is_empty()
}

#[allow(clippy::too_many_arguments)]
fn typed<V: Value>(v: &V, kind: Kind, s: &Schema, index: u16, path: &mut String, out: &mut Sink, depth: usize) {
    let ok = match s.ty {
        Ty::Any => true,
        Ty::String => kind == Kind::String,
        Ty::Number => kind == Kind::Number && v.as_f64().is_some_and(f64::is_finite),
        Ty::Integer => kind == Kind::Number && v.as_f64().is_some_and(|n| n.is_finite() && n.fract() == 0.0),
        Ty::Boolean => kind == Kind::Bool,
        Ty::Array => kind == Kind::Array,
        Ty::Object => kind == Kind::Object,
    };
    if !ok {
        // Not `format!`: `fmt::write` was ~0.1 µs of each such issue in wasm.
        out.push(path, || crate::text::cat(&["must be ", ty_name(s.ty), ", got ", kind.name()]));
        return;
    }
    if !s.enums.is_empty() && !enum_allows(v, kind, s.enums) {
        out.push(path, || one_of(s.enums));
    }
    match kind {
        // Copying the text out is the costly part: only when a rule reads it.
        Kind::String if s.min_length > 0 || s.format != Fmt::None => {
            let text = v.as_str().unwrap_or_default();
            if s.min_length > 0 && crate::text::char_count(&text) < s.min_length as usize {
                out.push(path, || if s.min_length == 1 { "must not be empty".to_owned() } else { format!("must be at least {} characters", s.min_length) });
            } else if let Err(msg) = check_format(s.format, &text) {
                out.push(path, || msg.to_owned());
            }
        }
        Kind::Array => {
            let n = v.len();
            if (n as u64) < u64::from(s.min_items) {
                out.push(path, || if s.min_items == 1 { "must not be empty".to_owned() } else { format!("must have at least {} items", s.min_items) });
            }
            if s.items != table::NONE {
                for i in 0..n {
                    if out.done() {
                        return;
                    }
                    if let Some(item) = v.item(i) {
                        let len = push_seg(path, Seg::Index(i));
                        walk(&item, s.items, path, out, depth + 1);
                        path.truncate(len);
                    }
                }
            }
        }
        Kind::Object => {
            let mut found = Vec::with_capacity(s.props.len());
            v.members(s.props, table::schema_node(index).map_or(&[][..], |n| n.keys), &mut found);
            for (p, f) in s.props.iter().zip(found) {
                if out.done() {
                    return;
                }
                match f {
                    Some(f) => {
                        let len = push_seg(path, Seg::Key(p.name));
                        walk(&f, p.schema, path, out, depth + 1);
                        path.truncate(len);
                    }
                    None if p.required => out.push(&child(path, p.name), || "is required".to_owned()),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// A declared string format, with the message for a value that misses it.
pub fn check_format(fmt: Fmt, s: &str) -> Result<(), &'static str> {
    let ok = match fmt {
        Fmt::None => true,
        Fmt::DateTime => format::is_date_time(s),
        Fmt::Date => format::is_date(s.as_bytes()),
        Fmt::Email => format::is_email(s),
        Fmt::Uri => format::is_uri(s),
    };
    if ok {
        return Ok(());
    }
    Err(match fmt {
        Fmt::DateTime => "must be an RFC 3339 date-time with a Z or +hh:mm offset",
        Fmt::Date => "must be a date (YYYY-MM-DD)",
        Fmt::Email => "must be an email address",
        Fmt::Uri => "must be an absolute URI",
        Fmt::None => "",
    })
}

fn enum_allows<V: Value>(v: &V, kind: Kind, enums: &[&str]) -> bool {
    match kind {
        Kind::String => {
            let text = v.as_str().unwrap_or_default();
            enums.iter().any(|e| e.len() >= 2 && e.starts_with('"') && e.get(1..e.len() - 1) == Some(text.as_str()))
        }
        Kind::Number => {
            let n = v.as_f64();
            enums.iter().any(|e| crate::num::parse(e.as_bytes()) == n)
        }
        Kind::Bool => {
            let b = v.as_bool();
            enums.iter().any(|e| e.parse::<bool>().ok() == b)
        }
        _ => true,
    }
}

pub fn ty_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Any => "any value",
        Ty::String => "a string",
        Ty::Number => "a number",
        Ty::Integer => "an integer",
        Ty::Boolean => "a boolean",
        Ty::Array => "an array",
        Ty::Object => "an object",
    }
}

/// Path params become URL segments: present, non-empty strings, and never a
/// dot segment, which `fetch` would resolve into another route.
pub fn path_param(value: Option<&str>, kind: Option<Kind>, key: &str, out: &mut Vec<Issue>) {
    match (value, kind) {
        (_, None) => out.push(Issue::new(key, "is required")),
        (Some(""), _) => out.push(Issue::new(key, "must not be empty")),
        (Some("." | ".."), _) => out.push(Issue::new(key, "must not be \".\" or \"..\"")),
        (Some(_), _) => {}
        (None, Some(k)) => out.push(Issue::new(key, crate::text::cat(&["must be a string, got ", k.name()]))),
    }
}

/// Tokens go into a header: a control character would let a value inject
/// another header line, so it is refused. The value itself is never echoed.
pub fn token(token: Option<&str>, key: &str, out: &mut Vec<Issue>) {
    match token {
        None => out.push(Issue::new(key, "is required (pass privateIntegrationToken or accessToken)")),
        Some(t) if t.trim().is_empty() => out.push(Issue::new(key, "must not be empty")),
        Some(t) if t.chars().any(|c| c.is_control() || !c.is_ascii()) => {
            out.push(Issue::new(key, "must not contain control or non-ASCII characters"))
        }
        Some(_) => {}
    }
}
