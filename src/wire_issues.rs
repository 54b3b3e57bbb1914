//! The issues of a body, without parsing and walking all of it: an object
//! of a plain object schema is read member by member, each member's value
//! tried with the fast pass, and only a refused one is read further (an
//! object again member by member, anything else parsed into a `json::Doc`
//! and walked by `validate`). The issues, their paths and their order are
//! the walk's: props in schema order, "is required" in its place.
//! `wire_check_tests.rs` compares both on thousands of bodies.
//!
//! The issues are written as one text, `\0path\0message` each (the form
//! `failure::issues_text` hands to JS), with no `Issue` record, path or
//! message `String` per issue, and the path only written for an issue.
//!
//! Why: on the 1,225-byte upsert with three problems the whole-text parse
//! and walk was ~2.8 µs natively, most of a check's cost beyond stringify.
//! The issues as text: allocation and copying from ~14 % to ~7 % of that
//! check in wasm (a V8 profile), ~0.2-0.3 µs less a check of ~5.5 µs
//! (bench/validate.mjs, interleaved runs on a busy machine).

use super::scalar::enum_has;
use super::{Cursor, Lit, MAX_DEPTH};
use crate::json::{Doc, Json};
use crate::schema_bytes::Node;
use crate::table::{self, Fmt, Ty};
use crate::validate::{check_at, ty_name, write_one_of, Issue};
use crate::value::Kind;

/// Appends the issues of `text` against `schema` to `out`, `\0path\0message`
/// each; `None` when the text is not what the pass reads (an escaped key,
/// nesting past its limit, not JSON): then the caller drops what was
/// appended and walks the whole text.
pub fn issues(text: &[u8], schema: u16, out: &mut String) -> Option<()> {
    let mut c = Cursor { b: text, i: 0 };
    c.ws();
    // Room for a few issues (growing step by step was ~0.1 µs in wasm).
    out.reserve(256);
    c.explain(schema, 0, None, out)?;
    c.ws();
    (c.i == text.len()).then_some(())
}

/// A path as the chain of its keys on the stack, written straight into the
/// issues text (a path `String` was one more allocation, and a copy per issue).
struct At<'u> {
    up: Option<&'u At<'u>>,
    name: &'u str,
}

/// Appends the path `at` (`a.b.c`).
fn write(at: Option<&At>, out: &mut String) {
    let Some(a) = at else { return };
    write(a.up, out);
    if a.up.is_some() {
        out.push('.');
    }
    out.push_str(a.name);
}

/// One issue: `\0path\0` and the message's parts. Every part is the
/// schema table's (a prop name, an enum's JSON text) or a fixed text, none
/// holding a NUL (`wire_check_tests::no_nul_in_the_table`), so JS cuts it
/// right.
fn put(out: &mut String, at: Option<&At>, message: &[&str]) {
    out.push('\0');
    write(at, out);
    out.push('\0');
    for m in message {
        out.push_str(m);
    }
}

impl Cursor<'_> {
    /// The issues of the value here, at `at`, `depth` levels down (as
    /// `validate::walk` counts); the fast pass need not have refused it.
    fn explain(&mut self, schema: u16, depth: usize, at: Option<&At>, out: &mut String) -> Option<()> {
        let start = self.i;
        if let Some(node) = table::schema_node(schema) {
            let s = &node.schema;
            if node.simple && matches!(s.ty, Ty::Object | Ty::Any) && !s.props.is_empty() && s.props.len() <= 64 && depth <= MAX_DEPTH && matches!(self.peek(), Some(b'{')) {
                return self.report_members(node, depth, at, out);
            }
        }
        self.i = start;
        // A scalar is walked as it is (a parsed document would cost several
        // allocations: ~0.3 µs an issue in wasm).
        if !matches!(self.peek(), Some(b'{' | b'[')) {
            let (text, kind, escaped): (&[u8], Kind, bool) = match self.scalar()? {
                Lit::Str(raw, escaped) => (raw, Kind::String, escaped),
                Lit::Num(t) => (t, Kind::Number, false),
                Lit::Bool(true) => (b"true", Kind::Bool, false),
                Lit::Bool(false) => (b"false", Kind::Bool, false),
                Lit::Null => (b"null", Kind::Null, false),
            };
            // Of another type than a plain node's: the walk's one issue, without
            // the walk (~0.1 µs an issue in wasm).
            if let Some(node) = table::schema_node(schema).filter(|n| n.simple && depth <= MAX_DEPTH) {
                let ty = node.schema.ty;
                let fits = matches!((ty, kind), (Ty::Any, _) | (Ty::String, Kind::String) | (Ty::Number | Ty::Integer, Kind::Number) | (Ty::Boolean, Kind::Bool));
                if !fits && kind != Kind::Null {
                    put(out, at, &["must be ", ty_name(ty), ", got ", kind.name()]);
                    return Some(());
                }
                // A plain string and an enum its only rule: likewise.
                let s = &node.schema;
                if kind == Kind::String && !escaped && fits && !s.enums.is_empty() && s.min_length == 0 && s.format == Fmt::None {
                    if !enum_has(s.enums, text) {
                        // `validate::one_of`'s text, without its String.
                        put(out, at, &[]);
                        write_one_of(out, s.enums);
                    }
                    return Some(());
                }
            }
            let doc = Doc::scalar(text);
            return walked(&walkable(doc.scalar_value(kind, escaped)), schema, at, out, depth);
        }
        if !self.skip(0) {
            return None;
        }
        let doc = Doc::parse_bytes(self.b.get(start..self.i)?).ok()?;
        walked(&walkable(doc.root()?), schema, at, out, depth)
    }

    /// An object's members against `node`'s props (the walk's `typed` for
    /// an object: no type or enum issue is possible here). Each value is
    /// tried with the fast pass as it is met; a refused one is explained
    /// in props order once the object is read. Keys are found as the fast
    /// pass finds them (`prop`: the expected name first; scanning and
    /// hashing each was ~1/3 of this pass).
    fn report_members(&mut self, node: &'static Node, depth: usize, at: Option<&At>, out: &mut String) -> Option<()> {
        let props = node.schema.props;
        // Props met, and those whose value the fast pass refused (the last
        // of duplicate keys counts, as in JSON.parse) with the offset of
        // that value: bit masks, so only the issues are visited after.
        let (mut met, mut bad, mut offsets) = (0u64, 0u64, [0usize; 64]);
        let d = depth + 1;
        let mut prev = props.len();
        // (`explain` has seen the `{`.)
        let mut open = self.eat(b'{') && !self.eat(b'}');
        while open {
            if !self.eat(b'"') {
                return None;
            }
            let found = self.prop(node, prev)?;
            if !self.eat(b':') {
                return None;
            }
            self.ws();
            let start = self.i;
            match found {
                Some(i) if props.get(i).is_some_and(|p| self.value(p.schema, d)) => {
                    met |= 1 << i;
                    bad &= !(1 << i);
                }
                _ => {
                    self.i = start;
                    if !self.skip(d) {
                        return None;
                    }
                    if let Some(i) = found {
                        (met, bad) = (met | 1 << i, bad | 1 << i);
                        *offsets.get_mut(i)? = start;
                    }
                }
            }
            prev = found.unwrap_or(props.len());
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    open = false;
                }
                _ => return None,
            }
        }
        let end = self.i;
        // In props order: a refused value explained, a required prop missing.
        let mut todo = bad | (node.required & !met);
        while todo != 0 {
            let i = todo.trailing_zeros() as usize;
            todo &= todo - 1;
            let p = props.get(i)?;
            let at = Some(&At { up: at, name: p.name });
            if bad >> i & 1 == 0 {
                put(out, at, &["is required"]);
            } else {
                self.i = *offsets.get(i)?;
                self.explain(p.schema, depth + 1, at, out)?;
            }
        }
        self.i = end;
        Some(())
    }
}

/// The walk's issues of `v` (`validate::check_at`) appended as text.
fn walked<V: crate::value::Value>(v: &V, schema: u16, at: Option<&At>, out: &mut String, depth: usize) -> Option<()> {
    let mut path = String::new();
    write(at, &mut path);
    let mut found: Vec<Issue> = Vec::new();
    check_at(v, schema, &mut path, &mut found, depth);
    for i in &found {
        put(out, Some(&At { up: None, name: &i.path }), &[&i.message]);
    }
    Some(())
}

/// `json` as `validate` takes it: in wasm the one type it walks there
/// (`js::Any`, so its walk is in the wasm once), natively `json` itself.
#[cfg(target_arch = "wasm32")]
pub fn walkable<'d, 'a>(json: Json<'d, 'a>) -> crate::js::Any<'d, 'a> {
    crate::js::Any::Json(json)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn walkable<'d, 'a>(json: Json<'d, 'a>) -> Json<'d, 'a> {
    json
}
