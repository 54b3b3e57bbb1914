//! The issues of a body the fast pass refused, without parsing and walking
//! all of it: an object of a plain object schema is read member by member,
//! each member's value tried with the fast pass, and only a refused one is
//! read further (an object again member by member, anything else parsed
//! into a `json::Doc` and walked by `validate`). The issues, their paths and
//! their order are the walk's: props in schema order, "is required" in its
//! place. `wire_check_tests.rs` compares both on thousands of bodies.
//!
//! Why: on the 1,225-byte upsert with three problems the whole-text parse
//! and walk was ~2.8 µs natively, most of a check's cost beyond stringify.

use super::scalar::enum_has;
use super::{Cursor, Lit, MAX_DEPTH};
use crate::json::{Doc, Json};
use crate::schema_bytes::{find, Node};
use crate::table::{self, Fmt, Ty};
use crate::validate::{check_at, one_of, ty_name, Issue};
use crate::value::Kind;

/// Appends the issues of `text` against `schema`; `None` when the text is
/// not what the pass reads (an escaped key, nesting past its limit, not
/// JSON): then the caller drops what was appended and walks the whole text.
pub fn issues(text: &[u8], schema: u16, out: &mut Vec<Issue>) -> Option<()> {
    let mut c = Cursor { b: text, i: 0 };
    c.ws();
    // The caller's fast pass has refused the text already.
    c.explain(schema, 0, &mut String::with_capacity(64), out)?;
    c.ws();
    (c.i == text.len()).then_some(())
}

/// A member's value as the members pass found it, per prop (at most 64, on
/// the stack: an allocation per object was ~0.1 µs in wasm): not met, fine,
/// or refused by the fast pass with its text at `REFUSED + offset`.
const NOT_MET: usize = 0;
const FINE: usize = 1;
const REFUSED: usize = 2;

impl Cursor<'_> {
    /// The issues of the value here, at `path`, `depth` levels down (as
    /// `validate::walk` counts); the fast pass need not have refused it.
    fn explain(&mut self, schema: u16, depth: usize, path: &mut String, out: &mut Vec<Issue>) -> Option<()> {
        let start = self.i;
        if let Some(node) = table::schema_node(schema) {
            let s = &node.schema;
            if node.simple && matches!(s.ty, Ty::Object | Ty::Any) && !s.props.is_empty() && s.props.len() <= 64 && depth <= MAX_DEPTH && matches!(self.peek(), Some(b'{')) {
                return self.report_members(node, depth, path, out);
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
                    out.push(Issue::new(path.as_str(), crate::text::cat(&["must be ", ty_name(ty), ", got ", kind.name()])));
                    return Some(());
                }
                // A plain string and an enum its only rule: likewise.
                let s = &node.schema;
                if kind == Kind::String && !escaped && fits && !s.enums.is_empty() && s.min_length == 0 && s.format == Fmt::None {
                    if !enum_has(s.enums, text) {
                        out.push(Issue::new(path.as_str(), one_of(s.enums)));
                    }
                    return Some(());
                }
            }
            let doc = Doc::scalar(text);
            check_at(&walkable(doc.scalar_value(kind, escaped)), schema, path, out, depth);
            return Some(());
        }
        if !self.skip(0) {
            return None;
        }
        let doc = Doc::parse_bytes(self.b.get(start..self.i)?).ok()?;
        check_at(&walkable(doc.root()?), schema, path, out, depth);
        Some(())
    }

    /// An object's members against `node`'s props (the walk's `typed` for
    /// an object: no type or enum issue is possible here). Each value is
    /// tried with the fast pass as it is met; a refused one is explained
    /// in props order once the object is read.
    fn report_members(&mut self, node: &'static Node, depth: usize, path: &mut String, out: &mut Vec<Issue>) -> Option<()> {
        let props = node.schema.props;
        // The last of duplicate keys counts, as in JSON.parse.
        let mut seen = [NOT_MET; 64];
        let ok = self.members(depth, |cur, key, d| {
            let Some(i) = find(props, node.keys, key) else { return cur.skip(d) };
            cur.ws();
            let start = cur.i;
            let state = if props.get(i).is_some_and(|p| cur.value(p.schema, d)) {
                FINE
            } else {
                cur.i = start;
                if !cur.skip(d) {
                    return false;
                }
                REFUSED + start
            };
            if let Some(slot) = seen.get_mut(i) {
                *slot = state;
            }
            true
        });
        if !ok {
            return None;
        }
        let end = self.i;
        for (p, &state) in props.iter().zip(&seen) {
            if state == FINE || (state == NOT_MET && !p.required) {
                continue;
            }
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(p.name);
            if state == NOT_MET {
                out.push(Issue::new(path.as_str(), "is required"));
            } else {
                self.i = state - REFUSED;
                self.explain(p.schema, depth + 1, path, out)?;
            }
            path.truncate(len);
        }
        self.i = end;
        Some(())
    }
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
