//! The wire pass's alternatives: a node with allOf, oneOf or anyOf read by
//! trying each (the same text again from the value's start), and the
//! alternatives that differ in one prop only read once as one object
//! (`merge`, `Node::merged`). Split from wire_check.rs, unchanged.

use super::{Cursor, MAX_DEPTH};
use crate::schema_bytes::Node;
use crate::table::{self, Fmt, Schema, Ty};
use std::sync::atomic::Ordering::Relaxed;

impl Cursor<'_> {
    /// `value` of a node with allOf or alternatives, up to its own type.
    #[inline(never)]
    pub(super) fn complex(&mut self, node: &'static Node, depth: usize) -> Then {
        let s = &node.schema;
        let start = self.i;
        if matches!(self.peek(), Some(b'n')) {
            let plain = !s.nullable && s.ty != Ty::Any && s.all_of.is_empty() && s.one_of.is_empty() && s.any_of.is_empty();
            return Then::Done(!plain && self.scalar().is_some());
        }
        // Alternatives that differ in one prop only: one read (`merge`).
        let mut m = node.merged.load(Relaxed);
        if m == 0 {
            m = merge(node);
            node.merged.store(m, Relaxed);
        }
        let [one, any] = node.distinct;
        if m > 1 {
            return match table::schema_node(((m >> 8) - 1) as u16) {
                Some(base) if depth < MAX_DEPTH => Then::Merged(base, (m & 255) as usize, if one.is_empty() { any } else { one }),
                _ => Then::Done(false),
            };
        }
        // allOf and the alternatives read the same text again; `end` is
        // where a successful read stopped (the value's end).
        let mut end = None;
        for &sub in s.all_of {
            self.i = start;
            if !self.value(sub, depth + 1) {
                return Then::Done(false);
            }
            end = Some(self.i);
        }
        // Each list without the repeats the specs have (`Node::distinct`).
        for alts in [one, any] {
            if alts.is_empty() {
                continue;
            }
            let fits = alts.iter().any(|&a| {
                self.i = start;
                self.value(a, depth + 1)
            });
            if !fits {
                return Then::Done(false);
            }
            end = Some(self.i);
        }
        // A pure wrapper (`anyOf` and nothing else, as custom fields are)
        // has nothing left to check: no third read.
        if let (true, Some(e)) = (bare(s), end) {
            self.i = e;
            return Then::Done(true);
        }
        self.i = start;
        Then::Typed
    }
}

/// What `value` does after `Cursor::complex`: answer, read the value by
/// its node's type, or read it as an object of `Merged` alternatives.
pub(super) enum Then {
    Done(bool),
    Typed,
    Merged(&'static Node, usize, &'static [u16]),
}

/// A pure wrapper: no rule of its own beside allOf and the alternatives.
pub(super) fn bare(s: &Schema) -> bool {
    s.ty == Ty::Any && s.enums.is_empty() && s.props.is_empty() && s.items == table::NONE && s.format == Fmt::None && s.min_items == 0 && s.min_length == 0
}

/// `node`'s alternatives as one object (`Node::merged`: 1 when not), when
/// it is a bare wrapper of one list of them, all plain objects with the
/// same props (names, order, required) whose schemas differ in one prop at
/// most (custom fields: a string, number, list or object value under the
/// same id and key). The pass may then accept a duplicate key's values that
/// fit different alternatives; the walk, reading the last, accepts that too.
fn merge(node: &Node) -> u32 {
    let s = &node.schema;
    let [one, any] = node.distinct;
    let Some((&first, rest)) = (if one.is_empty() { any } else { one }).split_first() else { return 1 };
    if !bare(s) || !s.all_of.is_empty() || !one.is_empty() && !any.is_empty() {
        return 1;
    }
    let plain = |a: u16| table::schema_node(a).filter(|n| n.simple && n.schema.ty == Ty::Object && n.schema.props.len() <= 64).map(|n| n.schema.props);
    let Some(base) = plain(first) else { return 1 };
    let mut over = 255;
    for &a in rest {
        let Some(props) = plain(a).filter(|p| p.len() == base.len()) else { return 1 };
        for (i, (p, q)) in base.iter().zip(props).enumerate() {
            if p.name != q.name || p.required != q.required {
                return 1;
            }
            if p.schema != q.schema {
                if over != 255 && over != i {
                    return 1;
                }
                over = i;
            }
        }
    }
    (u32::from(first) + 1) << 8 | over as u32
}
