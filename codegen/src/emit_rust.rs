//! The wasm schema table: `src/generated/schemas.rs` (the operation rows are
//! `emit_ops`'s), plus the same nodes in inspectable form for tests.

use crate::operations::Operation;
use crate::schema::Interner;
use crate::{OpRow, HEADER, NONE};
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub(crate) fn rs_str(s: &str) -> String {
    format!("{s:?}")
}

/// The cargo features, one per service, in table order: the spec file names
/// (`ad-manager`), which the table's rows come grouped by.
pub(crate) fn features(ops: &[Operation]) -> Vec<String> {
    let mut v: Vec<String> = vec![];
    for o in ops {
        if v.last() != Some(&o.feature) {
            v.push(o.feature.clone());
        }
    }
    v
}

/// The Rust constant in `generated/mod.rs` saying whether `feature` is on.
pub(crate) fn on(feature: &str) -> String {
    format!("on::{}", feature.to_uppercase().replace('-', "_"))
}

/// Per schema node, the features whose operations reach it through params
/// and bodies (transitively); empty when every service reaches it, or none does.
pub(crate) fn users(it: &Interner, rows: &[OpRow], features: &[String]) -> Vec<Vec<String>> {
    let mut sets: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); it.nodes.len()];
    for (f, feature) in features.iter().enumerate() {
        let mut stack: Vec<u16> = vec![];
        for r in rows.iter().filter(|r| &r.feature == feature) {
            stack.extend(r.params.iter().map(|p| p.4));
            stack.extend(r.body.iter().map(|b| b.2));
        }
        let mut seen = vec![false; it.nodes.len()];
        while let Some(i) = stack.pop() {
            if i == NONE || std::mem::replace(&mut seen[i as usize], true) {
                continue;
            }
            sets[i as usize].insert(f);
            let n = &it.nodes[i as usize];
            stack.push(n.items);
            stack.extend(n.props.iter().map(|p| p.1));
            stack.extend(n.all_of.iter().chain(&n.one_of).chain(&n.any_of));
        }
    }
    sets.into_iter()
        .map(|s| {
            if s.len() == features.len() {
                vec![]
            } else {
                s.into_iter().map(|f| features[f].clone()).collect()
            }
        })
        .collect()
}

/// `v` as LEB128 (the byte tables' numbers: schema nodes and operation rows).
pub(crate) fn num(o: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            o.push(b);
            return;
        }
        o.push(b | 0x80);
    }
}

/// One node as bytes (`src/schema_bytes.rs` reads them): a head byte, then
/// LEB128 numbers, names and enum texts inline; trailing zeros left out.
pub(crate) fn schema_bytes(n: &crate::schema::Node) -> Vec<u8> {
    let idx = |o: &mut Vec<u8>, i: u16| num(o, u32::from(i.wrapping_add(1)));
    let mut o = vec![n.ty | (u8::from(n.nullable) << 3) | (n.fmt << 4)];
    idx(&mut o, n.items);
    num(&mut o, n.min_items);
    num(&mut o, n.min_length);
    num(&mut o, n.props.len() as u32);
    for (k, s, req) in &n.props {
        num(&mut o, (k.len() as u32) * 2 + u32::from(*req));
        o.extend_from_slice(k.as_bytes());
        idx(&mut o, *s);
    }
    num(&mut o, n.enums.len() as u32);
    for e in &n.enums {
        num(&mut o, e.len() as u32);
        o.extend_from_slice(e.as_bytes());
    }
    for v in [&n.all_of, &n.one_of, &n.any_of] {
        num(&mut o, v.len() as u32);
        for &i in v {
            idx(&mut o, i);
        }
    }
    while o.last() == Some(&0) {
        o.pop();
    }
    o
}

/// A byte string literal: printable ASCII as is, the rest escaped.
pub(crate) fn rs_bytes(b: &[u8]) -> String {
    let mut s = String::from("b\"");
    for &c in b {
        match c {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(c as char),
            _ => {
                let _ = write!(s, "\\x{c:02x}");
            }
        }
    }
    s.push('"');
    s
}

pub(crate) fn rs_schemas(it: &Interner, users: &[Vec<String>]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str(
        "//! Schema nodes, hash-consed: identical nodes share one index. Each is a few\n//! bytes (`crate::schema_bytes`: the format, and decoding on first use).\nuse super::on;\nuse crate::schema_bytes::{blob, blob_len, Node, Schemas, ANY};\nuse std::sync::OnceLock;\n\n",
    );
    o.push_str("/// A node only some services use: `Any` (and its strings out of the binary) when none of them is built.\nconst fn w(on: bool, node: &'static [u8]) -> &'static [u8] {\n    if on { node } else { ANY }\n}\n\n");
    o.push_str("/// The nodes, in const evaluation only: the binary holds them as `BLOB`.\nconst PARTS: &[&[u8]] = &[\n");
    for (i, n) in it.nodes.iter().enumerate() {
        let node = rs_bytes(&schema_bytes(n));
        let name = it
            .names
            .get(&(i as u16))
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        match users[i].as_slice() {
            [] => {
                let _ = writeln!(o, "    /* {i}{name} */ {node},");
            }
            fs => {
                let cond: Vec<String> = fs.iter().map(|f| on(f)).collect();
                let _ = writeln!(o, "    /* {i}{name} */ w({}, {node}),", cond.join(" | "));
            }
        }
    }
    o.push_str("];\n");
    let _ = writeln!(o, "static CACHE: [OnceLock<Node>; {}] = [const {{ OnceLock::new() }}; {}];", it.nodes.len(), it.nodes.len());
    o.push_str("static BLOB: [u8; blob_len(PARTS, true)] = blob(PARTS, true);\nstatic STARTS: OnceLock<Vec<u32>> = OnceLock::new();\n");
    o.push_str("pub static SCHEMAS: &Schemas = &Schemas { blob: &BLOB, starts: &STARTS, cache: &CACHE };\n");
    o
}

