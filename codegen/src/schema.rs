//! Schema nodes: every JSON schema in the specs reduced to what the validator
//! and the typings need, hash-consed so identical nodes share one index.

use crate::spec::{entries, s};
use crate::NONE;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const T_ANY: u8 = 0;
pub(crate) const T_STRING: u8 = 1;
pub(crate) const T_NUMBER: u8 = 2;
pub(crate) const T_INTEGER: u8 = 3;
pub(crate) const T_BOOLEAN: u8 = 4;
pub(crate) const T_ARRAY: u8 = 5;
pub(crate) const T_OBJECT: u8 = 6;
pub(crate) const TY_RS: [&str; 7] = [
    "Any", "String", "Number", "Integer", "Boolean", "Array", "Object",
];
pub(crate) const FMT_RS: [&str; 5] = ["None", "DateTime", "Date", "Email", "Uri"];

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) struct Node {
    pub(crate) ty: u8,
    pub(crate) nullable: bool,
    pub(crate) fmt: u8,
    pub(crate) enums: Vec<String>,
    pub(crate) items: u16,
    pub(crate) props: Vec<(String, u16, bool)>,
    pub(crate) all_of: Vec<u16>,
    pub(crate) one_of: Vec<u16>,
    pub(crate) any_of: Vec<u16>,
    pub(crate) min_items: u32,
    pub(crate) min_length: u32,
}

pub(crate) fn blank(ty: u8) -> Node {
    Node {
        ty,
        nullable: false,
        fmt: 0,
        enums: vec![],
        items: NONE,
        props: vec![],
        all_of: vec![],
        one_of: vec![],
        any_of: vec![],
        min_items: 0,
        min_length: 0,
    }
}

pub(crate) struct Interner<'a> {
    specs: &'a BTreeMap<String, Value>,
    pub(crate) nodes: Vec<Node>,
    map: BTreeMap<Node, u16>,
    refs: BTreeMap<(String, String), u16>,
    active: BTreeMap<(String, String), Option<u16>>,
    pub(crate) names: BTreeMap<u16, String>,
    pub(crate) problems: Vec<String>,
    with_examples: bool,
    /// (node, example) candidates in discovery order; the first valid one wins.
    pub(crate) node_ex: Vec<(u16, Value)>,
    /// ((object node, prop name), example) candidates.
    pub(crate) prop_ex: Vec<((u16, String), Value)>,
}

impl<'a> Interner<'a> {
    pub(crate) fn new(specs: &'a BTreeMap<String, Value>, with_examples: bool) -> Self {
        Interner {
            specs,
            nodes: vec![],
            map: BTreeMap::new(),
            refs: BTreeMap::new(),
            active: BTreeMap::new(),
            names: BTreeMap::new(),
            problems: vec![],
            with_examples,
            node_ex: vec![],
            prop_ex: vec![],
        }
    }

    /// The index the next pushed node gets. Past the `u16` range the specs
    /// cannot be tabled: that is reported (once) and generation fails.
    fn next_index(&mut self) -> u16 {
        match u16::try_from(self.nodes.len()) {
            Ok(i) if i < NONE => i,
            _ => {
                let msg = format!(
                    "more than {} schema nodes: the table's u16 indices overflow",
                    NONE
                );
                if !self.problems.contains(&msg) {
                    self.problems.push(msg);
                }
                0
            }
        }
    }

    pub(crate) fn intern(&mut self, n: Node) -> u16 {
        if let Some(&i) = self.map.get(&n) {
            return i;
        }
        let i = self.next_index();
        self.nodes.push(n.clone());
        self.map.insert(n, i);
        i
    }

    fn with_nullable(&mut self, idx: u16) -> u16 {
        let mut c = self.nodes[idx as usize].clone();
        if c.nullable {
            return idx;
        }
        c.nullable = true;
        self.intern(c)
    }

    fn reference(&mut self, file: &str, r: &str, ctx: &str) -> u16 {
        let (f, name) = if let Some(n) = r.strip_prefix("#/components/schemas/") {
            (file.to_owned(), n.to_owned())
        } else if let Some(n) = r.strip_prefix("../common/common-schemas.json#/components/schemas/")
        {
            ("common".to_owned(), n.to_owned())
        } else {
            self.problems
                .push(format!("{file}: {ctx}: unsupported $ref {r}"));
            return self.intern(blank(T_ANY));
        };
        let key = (f.clone(), name.clone());
        if let Some(&i) = self.refs.get(&key) {
            return i;
        }
        if let Some(slot) = self.active.get(&key).copied() {
            let i = match slot {
                Some(i) => i,
                None => {
                    let i = self.next_index();
                    self.nodes.push(blank(T_ANY));
                    self.active.insert(key, Some(i));
                    i
                }
            };
            return i;
        }
        let specs = self.specs;
        let Some(schema) = specs
            .get(&f)
            .and_then(|j| j.pointer(&format!("/components/schemas/{name}")))
        else {
            self.problems
                .push(format!("{file}: {ctx}: broken $ref {r}"));
            return self.intern(blank(T_ANY));
        };
        self.active.insert(key.clone(), None);
        let got = self.reduce(&f, schema, &name);
        let idx = match self.active.remove(&key).flatten() {
            Some(reserved) => {
                self.nodes[reserved as usize] = self.nodes[got as usize].clone();
                reserved
            }
            None => got,
        };
        self.refs.insert(key, idx);
        let n = &self.nodes[idx as usize];
        // generic shapes (plain object, string, ...) are shared too widely to carry one component's name
        if !n.props.is_empty()
            || !n.all_of.is_empty()
            || !n.one_of.is_empty()
            || !n.any_of.is_empty()
        {
            self.names.entry(idx).or_insert(name);
        }
        idx
    }

    pub(crate) fn reduce(&mut self, file: &str, v: &Value, ctx: &str) -> u16 {
        let idx = self.reduce_inner(file, v, ctx);
        if self.with_examples {
            if let Some(ex) = v.get("example") {
                self.node_ex.push((idx, ex.clone()));
            }
        }
        idx
    }

    fn reduce_inner(&mut self, file: &str, v: &Value, ctx: &str) -> u16 {
        if let Some(r) = s(v, "$ref") {
            let i = self.reference(file, r, ctx);
            return if v.get("nullable") == Some(&Value::Bool(true)) {
                self.with_nullable(i)
            } else {
                i
            };
        }
        if !v.is_object() {
            self.problems
                .push(format!("{file}: {ctx}: schema is not an object"));
            return self.intern(blank(T_ANY));
        }
        let mut n = blank(T_ANY);
        n.ty = match v.get("type") {
            None if v.get("properties").is_some() => T_OBJECT,
            None if v.get("items").is_some() => T_ARRAY,
            None => T_ANY,
            Some(Value::String(t)) => match t.as_str() {
                "string" => T_STRING,
                "number" => T_NUMBER,
                "integer" => T_INTEGER,
                "boolean" => T_BOOLEAN,
                "array" => T_ARRAY,
                "object" => T_OBJECT,
                other => {
                    self.problems
                        .push(format!("{file}: {ctx}: unknown type {other:?}"));
                    T_ANY
                }
            },
            Some(other) => {
                self.problems
                    .push(format!("{file}: {ctx}: unsupported type {other}"));
                T_ANY
            }
        };
        n.nullable = v.get("nullable") == Some(&Value::Bool(true));
        n.fmt = match s(v, "format") {
            Some("date-time") => 1,
            Some("date") => 2,
            Some("email") => 3,
            Some("uri") => 4,
            _ => 0,
        };
        if n.ty != T_STRING && n.ty != T_ANY {
            n.fmt = 0;
        }
        if let Some(es) = v.get("enum").and_then(Value::as_array) {
            for e in es {
                let ok = match (n.ty, e) {
                    (_, Value::Null) => true,
                    (T_STRING, Value::String(_)) | (T_BOOLEAN, Value::Bool(_)) | (T_ANY, _) => true,
                    (T_NUMBER, Value::Number(_)) => true,
                    (T_INTEGER, Value::Number(x)) => x.is_i64() || x.is_u64(),
                    _ => false,
                };
                if !ok {
                    self.problems.push(format!(
                        "{file}: {ctx}: enum value {e} does not fit type {}",
                        TY_RS[n.ty as usize]
                    ));
                    break;
                }
                let t = e.to_string();
                if !n.enums.contains(&t) {
                    n.enums.push(t);
                }
            }
        }
        if n.ty == T_ARRAY {
            match v.get("items") {
                Some(it) => n.items = self.reduce(file, it, &format!("{ctx}[]")),
                None => self
                    .problems
                    .push(format!("{file}: {ctx}: array without items")),
            }
        }
        if v.get("properties").is_some() {
            let required: BTreeSet<&str> = v
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut props = vec![];
            let mut exs = vec![];
            for (k, pv) in entries(&v["properties"]) {
                let i = self.reduce(file, pv, &format!("{ctx}.{k}"));
                if let Some(ex) = pv.get("example") {
                    exs.push((k.clone(), ex.clone()));
                }
                props.push((k.clone(), i, required.contains(k.as_str())));
            }
            n.props = props;
            let idx_hint = exs;
            // the object's index is only known after interning; remember examples below
            let min = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
            n.min_items = min("minItems");
            n.min_length = min("minLength");
            self.combinators(file, v, ctx, &mut n);
            let i = self.finish(n);
            if self.with_examples {
                for (k, ex) in idx_hint {
                    self.prop_ex.push(((i, k), ex));
                }
            }
            return i;
        }
        let min = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
        n.min_items = min("minItems");
        n.min_length = min("minLength");
        self.combinators(file, v, ctx, &mut n);
        self.finish(n)
    }

    fn combinators(&mut self, file: &str, v: &Value, ctx: &str, n: &mut Node) {
        for (k, dst) in [("allOf", 0), ("oneOf", 1), ("anyOf", 2)] {
            let Some(alts) = v.get(k).and_then(Value::as_array) else {
                continue;
            };
            let list: Vec<u16> = alts
                .iter()
                .enumerate()
                .map(|(i, a)| self.reduce(file, a, &format!("{ctx}.{k}[{i}]")))
                .collect();
            match dst {
                0 => n.all_of = list,
                1 => n.one_of = list,
                _ => n.any_of = list,
            }
        }
    }

    /// Interns `n`, collapsing the specs' `allOf: [{$ref}]` wrapper idiom.
    fn finish(&mut self, n: Node) -> u16 {
        if n.all_of.len() == 1
            && n.one_of.is_empty()
            && n.any_of.is_empty()
            && n.props.is_empty()
            && n.enums.is_empty()
            && n.items == NONE
            && n.fmt == 0
            && n.min_items == 0
            && n.min_length == 0
        {
            let inner = n.all_of[0];
            let it = self.nodes[inner as usize].ty;
            if n.ty == T_ANY || n.ty == it {
                return if n.nullable {
                    self.with_nullable(inner)
                } else {
                    inner
                };
            }
        }
        self.intern(n)
    }
}
