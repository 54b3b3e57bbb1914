//! Example values: the specs' own examples where the schema accepts them,
//! otherwise synthesized from the schema nodes.

use crate::schema::{Interner, Node, T_ANY, T_ARRAY, T_BOOLEAN, T_INTEGER, T_NUMBER, T_OBJECT};
use crate::NONE;
use serde_json::Value;
use std::collections::BTreeMap;

impl Interner<'_> {
    /// Keeps the first example per node / property that the schema accepts.
    pub(crate) fn settle_examples(
        &mut self,
    ) -> (BTreeMap<u16, Value>, BTreeMap<(u16, String), Value>) {
        let mut nodes = BTreeMap::new();
        for (i, ex) in std::mem::take(&mut self.node_ex) {
            if !nodes.contains_key(&i) && self.valid(&ex, i, 0) && !trivial(&self.nodes[i as usize])
            {
                nodes.insert(i, ex);
            }
        }
        let mut props = BTreeMap::new();
        for ((i, k), ex) in std::mem::take(&mut self.prop_ex) {
            let Some(&(_, pi, _)) = self.nodes[i as usize].props.iter().find(|p| p.0 == k) else {
                continue;
            };
            if !props.contains_key(&(i, k.clone())) && self.valid(&ex, pi, 0) {
                props.insert((i, k), ex);
            }
        }
        (nodes, props)
    }
}

/// Generic nodes (scalars, plain objects, arrays of anything) are shared by
/// many unrelated places; an example on one says nothing about the others.
/// Property-level examples cover those instead.
fn trivial(n: &Node) -> bool {
    n.props.is_empty() && n.all_of.is_empty() && n.one_of.is_empty() && n.any_of.is_empty()
}

/// Builds example values from schema nodes.
pub(crate) struct Synth<'a> {
    pub(crate) it: &'a Interner<'a>,
    pub(crate) node_ex: &'a BTreeMap<u16, Value>,
    pub(crate) prop_ex: &'a BTreeMap<(u16, String), Value>,
    /// Only required properties (smoke fixtures) or every property (responses).
    pub(crate) full: bool,
}

pub(crate) const PLAUSIBLE_ID: &str = "ve9EPM428h8vShlRW1KT";

impl Synth<'_> {
    pub(crate) fn value(&self, idx: u16, hint: &str, depth: usize) -> Value {
        if idx == NONE {
            return Value::String("example".into());
        }
        if let Some(ex) = self.node_ex.get(&idx) {
            return ex.clone();
        }
        let n = &self.it.nodes[idx as usize];
        if depth > 12 {
            return match n.ty {
                T_ARRAY if n.min_items == 0 => Value::Array(vec![]),
                _ if n.nullable => Value::Null,
                _ => self.scalar(n, hint),
            };
        }
        if let Some(e) = n.enums.first() {
            if let Ok(v) = serde_json::from_str::<Value>(e) {
                return v;
            }
        }
        if let Some(&a) = n.one_of.first().or(n.any_of.first()) {
            let v = self.value(a, hint, depth + 1);
            if n.all_of.is_empty() && n.props.is_empty() {
                return v;
            }
        }
        let mut base = match n.ty {
            T_ARRAY => {
                let k = if self.full || n.min_items > 0 {
                    n.min_items.max(1)
                } else {
                    0
                };
                Value::Array(
                    (0..k)
                        .map(|_| self.value(n.items, hint, depth + 1))
                        .collect(),
                )
            }
            T_OBJECT => Value::Object(serde_json::Map::new()),
            T_ANY if !n.props.is_empty() || !n.all_of.is_empty() => {
                Value::Object(serde_json::Map::new())
            }
            _ => self.scalar(n, hint),
        };
        if let Value::Object(m) = &mut base {
            for (k, pi, req) in &n.props {
                if !(*req || self.full && depth < 6) {
                    continue;
                }
                let v = match self.prop_ex.get(&(idx, k.clone())) {
                    Some(ex) => ex.clone(),
                    None => self.value(*pi, k, depth + 1),
                };
                m.insert(k.clone(), v);
            }
            for &a in &n.all_of {
                if let Value::Object(extra) = self.value(a, hint, depth + 1) {
                    for (k, v) in extra {
                        m.entry(k).or_insert(v);
                    }
                }
            }
        }
        base
    }

    fn scalar(&self, n: &Node, hint: &str) -> Value {
        match n.ty {
            T_NUMBER | T_INTEGER => Value::from(1),
            T_BOOLEAN => Value::Bool(true),
            T_ARRAY => Value::Array(vec![]),
            T_OBJECT => Value::Object(serde_json::Map::new()),
            _ => Value::String(match n.fmt {
                1 => "2024-01-15T10:00:00Z".into(),
                2 => "2024-01-15".into(),
                3 => "jane@example.com".into(),
                4 => "https://example.com".into(),
                _ => {
                    let h = hint.to_ascii_lowercase();
                    let mut t = if h.ends_with("id") || h.ends_with("ids") {
                        PLAUSIBLE_ID.to_owned()
                    } else if h.contains("email") {
                        "jane@example.com".into()
                    } else if h.contains("url") {
                        "https://example.com".into()
                    } else {
                        "example".into()
                    };
                    while t.chars().count() < n.min_length as usize {
                        t.push('x');
                    }
                    t
                }
            }),
        }
    }
}
