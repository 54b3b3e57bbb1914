//! The wasm operation table: `src/generated/{mod,ops,schemas}.rs`, plus the
//! same rows in inspectable form for tests.

use crate::names::pascal;
use crate::operations::Operation;
use crate::schema::Interner;
use crate::{AdvanceRow, FieldRow, OpRow, PagingRow, HEADER, NONE};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Short names for the documented `Version` values the rows use.
const VERSIONS: [(&str, &str); 3] = [("A", "2021-07-28"), ("B", "2021-04-15"), ("V3", "v3")];

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
fn on(feature: &str) -> String {
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

/// One node as bytes (`src/schema_bytes.rs` reads them): a head byte, then
/// LEB128 numbers, names and enum texts inline; trailing zeros left out.
pub(crate) fn schema_bytes(n: &crate::schema::Node) -> Vec<u8> {
    fn num(o: &mut Vec<u8>, mut v: u32) {
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
fn rs_bytes(b: &[u8]) -> String {
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
        "//! Schema nodes, hash-consed: identical nodes share one index. Each is a few\n//! bytes (`crate::schema_bytes`: the format, and decoding on first use).\nuse super::on;\nuse crate::schema_bytes::{Node, Schemas, ANY};\nuse std::sync::OnceLock;\n\n",
    );
    o.push_str("/// A node only some services use: `Any` (and its strings out of the binary) when none of them is built.\nconst fn w(on: bool, node: &'static [u8]) -> &'static [u8] {\n    if on { node } else { ANY }\n}\n\n");
    o.push_str("static BYTES: &[&[u8]] = &[\n");
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
    o.push_str("pub static SCHEMAS: &Schemas = &Schemas { bytes: BYTES, cache: &CACHE };\n");
    o
}

/// A `Field` literal.
fn rs_field(f: &FieldRow) -> String {
    format!(
        "Field {{ body: {}, key: {}, text: {} }}",
        f.body,
        rs_str(&f.key),
        f.text
    )
}

/// A `Paging` literal.
fn rs_paging(p: &PagingRow) -> String {
    let advance = match &p.advance {
        AdvanceRow::Offset(f) => format!("Advance::Offset({})", rs_field(f)),
        AdvanceRow::Page(f, first) => format!("Advance::Page({}, {first})", rs_field(f)),
        AdvanceRow::Cursor(v) => {
            let parts: Vec<String> = v
                .iter()
                .map(|(f, last, path)| {
                    let src = if *last { "LastItem" } else { "Page" };
                    format!("({}, Src::{src}({}))", rs_field(f), rs_str(path))
                })
                .collect();
            format!("Advance::Cursor(&[{}])", parts.join(", "))
        }
        AdvanceRow::NextUrl(u) => format!("Advance::NextUrl({})", rs_str(u)),
        AdvanceRow::Token(f, path) => format!("Advance::Token({}, {})", rs_field(f), rs_str(path)),
    };
    format!(
        "Paging {{ advance: {advance}, items: {}, total: {}, more: {} }}",
        rs_str(&p.items),
        rs_str(&p.total),
        rs_str(&p.more)
    )
}

pub(crate) fn rs_ops(
    ops: &[Operation],
    pages: &[Option<PagingRow>],
    it: &mut Interner,
    rows: &mut Vec<OpRow>,
) -> Result<String, String> {
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str("//! One row per operation: spec file, then path, then get/post/put/patch/delete.\nuse super::on;\nuse crate::table::*;\n\n");
    // one short constant per documented version in use (an unused one would warn)
    for (name, v) in VERSIONS {
        if ops.iter().any(|op| op.version.as_deref() == Some(v)) {
            let _ = writeln!(o, "const {name}: Option<&str> = Some({v:?});");
        }
    }
    o.push_str("const fn path(key: &'static str, name: &'static str, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Path, required: true, schema, comma: false }\n}\n");
    o.push_str("const fn query(key: &'static str, name: &'static str, required: bool, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Query, required, schema, comma: false }\n}\n");
    if ops.iter().any(|op| op.params.iter().any(|p| p.comma)) {
        o.push_str("/// A query array sent comma-separated (`explode: false`).\nconst fn csv(key: &'static str, name: &'static str, required: bool, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Query, required, schema, comma: true }\n}\n");
    }
    if ops
        .iter()
        .any(|op| op.params.iter().any(|p| p.loc == "header"))
    {
        o.push_str("const fn header(key: &'static str, name: &'static str, required: bool, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Header, required, schema, comma: false }\n}\n");
    }
    for (kind, variant) in [
        ("json", "Json"),
        ("form", "Form"),
        ("multipart", "Multipart"),
    ] {
        if ops
            .iter()
            .any(|op| op.body.as_ref().is_some_and(|b| b.kind == kind))
        {
            let _ = writeln!(o, "const fn {kind}(required: bool, schema: u16) -> Option<Body> {{\n    Some(Body {{ kind: BodyKind::{variant}, required, schema }})\n}}");
        }
    }
    // one static per distinct pagination, shared by the rows that use it
    let mut paging_names: Vec<String> = vec![];
    let mut paging_refs = vec![];
    for p in pages {
        paging_refs.push(match p {
            None => "None".to_owned(),
            Some(p) => {
                let text = rs_paging(p);
                let i = paging_names
                    .iter()
                    .position(|t| *t == text)
                    .unwrap_or_else(|| {
                        paging_names.push(text);
                        paging_names.len() - 1
                    });
                format!("Some(&PG{i})")
            }
        });
    }
    for (i, text) in paging_names.iter().enumerate() {
        let _ = writeln!(o, "static PG{i}: Paging = {text};");
    }
    o.push('\n');
    o.push_str("pub static OPS: &[Op] = &[\n");
    for (i, op) in ops.iter().enumerate() {
        let version = match op.version.as_deref() {
            None => "None".to_owned(),
            Some(v) => VERSIONS
                .iter()
                .find(|x| x.1 == v)
                .map_or_else(|| format!("Some({})", rs_str(v)), |x| x.0.to_owned()),
        };
        let mut ps = vec![];
        let mut row = OpRow {
            id: op.id.clone(),
            service: op.service.clone(),
            feature: op.feature.clone(),
            method_name: op.method.clone(),
            http: op.http.to_uppercase(),
            path: op.path.clone(),
            version: op.version.clone(),
            params: vec![],
            body: None,
            idempotent: op.idempotent,
            paging: pages.get(i).cloned().flatten(),
        };
        for p in &op.params {
            let sch = it.reduce(
                &op.file,
                &p.schema,
                &format!("{} {} param {}", op.http, op.path, p.name),
            );
            row.params.push((
                p.key.clone(),
                p.name.clone(),
                p.loc.to_owned(),
                p.required,
                sch,
            ));
            ps.push(match p.loc {
                "path" => format!("path({}, {}, {sch})", rs_str(&p.key), rs_str(&p.name)),
                _ if p.comma => format!(
                    "csv({}, {}, {}, {sch})",
                    rs_str(&p.key),
                    rs_str(&p.name),
                    p.required
                ),
                loc => format!(
                    "{loc}({}, {}, {}, {sch})",
                    rs_str(&p.key),
                    rs_str(&p.name),
                    p.required
                ),
            });
        }
        let body = match &op.body {
            None => "None".to_owned(),
            Some(b) => {
                let sch = match &b.schema {
                    Some(sc) => it.reduce(&op.file, sc, &format!("{} {} body", op.http, op.path)),
                    None => NONE,
                };
                row.body = Some((b.kind.to_string(), b.required, sch));
                format!(
                    "{}({}, {})",
                    b.kind,
                    b.required,
                    if sch == NONE {
                        "NONE".into()
                    } else {
                        sch.to_string()
                    }
                )
            }
        };
        let _ = writeln!(
            o,
            "    /* {i} {}.{} */ Op {{ id: {}, method: Method::{}, path: {}, version: {version}, params: &[{}], body: {body}, idempotent: {}, paging: {}, enabled: true }}.gate({}),",
            op.service,
            op.method,
            rs_str(&op.id),
            pascal(op.http),
            rs_str(&op.path),
            ps.join(", "),
            op.idempotent,
            paging_refs.get(i).map_or("None", String::as_str),
            on(&op.feature)
        );
        rows.push(row);
    }
    o.push_str("];\n\n");
    o.push_str("/// The SDK service property and the cargo feature of operation `i`: each\n/// service is one run of rows. For the wasm client's error message.\n#[cfg(any(target_arch = \"wasm32\", test))]\npub fn service(i: u32) -> (&'static str, &'static str) {\n    match i {\n");
    let mut start = 0;
    for (i, op) in ops.iter().enumerate() {
        if ops.get(i + 1).is_none_or(|next| next.feature != op.feature) {
            let _ = writeln!(
                o,
                "        {start}..={i} => ({}, {}),",
                rs_str(&op.service),
                rs_str(&op.feature)
            );
            start = i + 1;
        }
    }
    o.push_str("        _ => (\"\", \"\"),\n    }\n}\n");
    Ok(o)
}
