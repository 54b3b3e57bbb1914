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

use super::{find, Cursor, MAX_DEPTH};
use crate::json::Doc;
use crate::schema_bytes::Node;
use crate::table::{self, Ty};
use crate::validate::{check_at, Issue};

/// Appends the issues of `text` against `schema`; `None` when the text is
/// not what the pass reads (an escaped key, nesting past its limit, not
/// JSON): then the caller drops what was appended and walks the whole text.
pub fn issues(text: &[u8], schema: u16, out: &mut Vec<Issue>) -> Option<()> {
    let mut c = Cursor { b: text, i: 0 };
    c.ws();
    // The caller's fast pass has refused the text already.
    c.explain(schema, 0, &mut String::new(), out)?;
    c.ws();
    (c.i == text.len()).then_some(())
}

/// A member's value as the members pass found it.
#[derive(Clone, Copy)]
enum Seen {
    No,
    Fine,
    /// Refused by the fast pass; where its text starts.
    Refused(usize),
}

impl Cursor<'_> {
    /// The issues of the value here, at `path`, `depth` levels down (as
    /// `validate::walk` counts); the fast pass need not have refused it.
    fn explain(&mut self, schema: u16, depth: usize, path: &mut String, out: &mut Vec<Issue>) -> Option<()> {
        let start = self.i;
        if let Some(node) = table::schema_node(schema) {
            let s = &node.schema;
            if node.simple && matches!(s.ty, Ty::Object | Ty::Any) && !s.props.is_empty() && depth <= MAX_DEPTH && self.peek() == Some(b'{') {
                return self.report_members(node, depth, path, out);
            }
        }
        self.i = start;
        if !self.skip(0) {
            return None;
        }
        let doc = Doc::parse_bytes(self.b.get(start..self.i)?).ok()?;
        check_at(&doc.root()?, schema, path, out, depth);
        Some(())
    }

    /// An object's members against `node`'s props (the walk's `typed` for
    /// an object: no type or enum issue is possible here). Each value is
    /// tried with the fast pass as it is met; a refused one is explained
    /// in props order once the object is read.
    fn report_members(&mut self, node: &'static Node, depth: usize, path: &mut String, out: &mut Vec<Issue>) -> Option<()> {
        let props = node.schema.props;
        // The last of duplicate keys counts, as in JSON.parse.
        let mut seen = vec![Seen::No; props.len()];
        let ok = self.members(depth, |cur, key, d| {
            let Some(i) = find(props, node.keys, key) else { return cur.skip(d) };
            cur.ws();
            let start = cur.i;
            let state = if props.get(i).is_some_and(|p| cur.value(p.schema, d)) {
                Seen::Fine
            } else {
                cur.i = start;
                if !cur.skip(d) {
                    return false;
                }
                Seen::Refused(start)
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
        for (p, state) in props.iter().zip(seen) {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(p.name);
            match state {
                Seen::Refused(i) => {
                    self.i = i;
                    self.explain(p.schema, depth + 1, path, out)?;
                }
                Seen::No if p.required => out.push(Issue::new(path.as_str(), "is required")),
                Seen::No | Seen::Fine => {}
            }
            path.truncate(len);
        }
        self.i = end;
        Some(())
    }
}
