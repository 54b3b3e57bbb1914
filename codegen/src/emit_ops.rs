//! The wasm operation table, `src/generated/ops.rs`: each row as bytes
//! (`src/op_bytes.rs` reads them; its doc comment has the format), the rows
//! of one service end to end, and the same rows in inspectable form for tests.

use crate::emit_rust::{num, on, rs_bytes, rs_str};
use crate::operations::Operation;
use crate::schema::Interner;
use crate::{AdvanceRow, FieldRow, OpRow, PagingRow, HEADER, NONE};
use std::fmt::Write as _;

/// A `Field` literal.
fn rs_field(f: &FieldRow) -> String {
    format!("Field {{ body: {}, key: {}, text: {} }}", f.body, rs_str(&f.key), f.text)
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

fn text(o: &mut Vec<u8>, s: &str) {
    num(o, s.len() as u32);
    o.extend_from_slice(s.as_bytes());
}

/// `index + 1`, 0 for `NONE`.
fn index(i: u16) -> u32 {
    u32::from(i.wrapping_add(1))
}

/// The bytes of a row on a line of its own inside a `b"\` literal: a
/// leading space escaped, as the line continuation would eat it.
fn line(b: &[u8]) -> String {
    let lit = rs_bytes(b);
    let inner = &lit[2..lit.len() - 1];
    match inner.strip_prefix(' ') {
        Some(rest) => format!("\\x20{rest}"),
        None => inner.to_owned(),
    }
}

/// One literal of rows, one per line.
fn rows_lit(rows: &[Vec<u8>]) -> String {
    let lines: Vec<String> = rows.iter().map(|r| format!("\\\n        {}", line(r))).collect();
    format!("b\"{}\"", lines.concat())
}

pub(crate) fn rs_ops(
    ops: &[Operation],
    pages: &[Option<PagingRow>],
    it: &mut Interner,
    rows: &mut Vec<OpRow>,
) -> Result<String, String> {
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str("//! One row per operation: spec file, then path, then get/post/put/patch/delete;\n//! as bytes (`crate::op_bytes`: the format, and decoding on first use).\nuse super::on;\nuse crate::op_bytes::{Ops, Row, Service};\nuse crate::schema_bytes::{blob, blob_len};\nuse crate::table::*;\nuse std::sync::OnceLock;\n\n");
    // the documented versions in use, first seen first (2 bits in a row)
    let mut versions: Vec<&str> = vec![];
    for v in ops.iter().filter_map(|op| op.version.as_deref()) {
        if !versions.contains(&v) {
            versions.push(v);
        }
    }
    if versions.len() > 3 {
        return Err(format!("more than 3 Version values: {versions:?}"));
    }
    // one entry per distinct pagination, shared by the rows that use it
    let mut paging_texts: Vec<String> = vec![];
    let mut paging_refs = vec![];
    for p in pages {
        paging_refs.push(p.as_ref().map_or(0, |p| {
            let text = rs_paging(p);
            let i = paging_texts.iter().position(|t| *t == text).unwrap_or_else(|| {
                paging_texts.push(text);
                paging_texts.len() - 1
            });
            i as u32 + 1
        }));
    }
    let quoted: Vec<String> = versions.iter().map(|v| rs_str(v)).collect();
    let _ = writeln!(o, "static VERSIONS: [&str; {}] = [{}];", versions.len(), quoted.join(", "));
    let _ = writeln!(o, "static PAGING: [Paging; {}] = [", paging_texts.len());
    for (i, text) in paging_texts.iter().enumerate() {
        let _ = writeln!(o, "    /* {i} */ {text},");
    }
    o.push_str("];\n\n");
    // per service: its first row, then its rows' heads and rests
    type Rows = Vec<Vec<u8>>;
    let mut services: Vec<(usize, Rows, Rows)> = vec![];
    for (i, op) in ops.iter().enumerate() {
        if ops.get(i.wrapping_sub(1)).is_none_or(|prev| prev.feature != op.feature) {
            services.push((i, vec![], vec![]));
        }
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
            comma: op.params.iter().filter(|p| p.comma).map(|p| p.name.clone()).collect(),
            idempotent: op.idempotent,
            paging: pages.get(i).cloned().flatten(),
        };
        let method = ["get", "post", "put", "patch", "delete"]
            .iter()
            .position(|m| *m == op.http)
            .ok_or_else(|| format!("{}: method {}", op.id, op.http))?;
        let version = op.version.as_deref().and_then(|v| versions.iter().position(|x| *x == v)).map_or(0, |v| v + 1);
        let kind = op.body.as_ref().map_or(0, |b| match b.kind {
            "json" => 1,
            "form" => 2,
            _ => 3,
        });
        let mut head = vec![(method | version << 3 | kind << 5 | usize::from(op.idempotent) << 7) as u8];
        text(&mut head, &op.id);
        // the path front-coded: the bytes it shares with the previous row's
        // (at a char boundary), then the rest
        let prev = i.checked_sub(1).map_or("", |p| ops[p].path.as_str());
        let mut shared = prev.bytes().zip(op.path.bytes()).take_while(|(a, b)| a == b).count();
        while !op.path.is_char_boundary(shared) {
            shared -= 1;
        }
        num(&mut head, shared as u32);
        text(&mut head, &op.path[shared..]);
        num(&mut head, paging_refs.get(i).copied().unwrap_or(0));
        let mut rest = vec![];
        num(&mut rest, op.params.len() as u32);
        let mut ps = vec![];
        // params before the body, as before: the interner numbers nodes in this order
        for p in &op.params {
            let sch = it.reduce(&op.file, &p.schema, &format!("{} {} param {}", op.http, op.path, p.name));
            row.params.push((p.key.clone(), p.name.clone(), p.loc.to_owned(), p.required, sch));
            let loc = match p.loc {
                "path" => 0,
                "query" => 1,
                _ => 2,
            };
            let mut b = vec![loc | u8::from(p.required) << 2 | u8::from(p.comma) << 3 | u8::from(p.key != p.name) << 4];
            text(&mut b, &p.key);
            if p.key != p.name {
                text(&mut b, &p.name);
            }
            num(&mut b, index(sch));
            ps.push(b);
        }
        if let Some(b) = &op.body {
            let sch = match &b.schema {
                Some(sc) => it.reduce(&op.file, sc, &format!("{} {} body", op.http, op.path)),
                None => NONE,
            };
            row.body = Some((b.kind.to_string(), b.required, sch));
            num(&mut rest, index(sch) << 1 | u32::from(b.required));
        }
        rest.extend(ps.concat());
        if let Some(s) = services.last_mut() {
            s.1.push(head);
            s.2.push(rest);
        }
        rows.push(row);
    }
    // One blob of heads (always built), one of rests (a service's only when
    // its feature is on: the parts stay in const evaluation).
    o.push_str("static HEADS: &[u8] = b\"");
    for (_, heads, _) in &services {
        for h in heads {
            let _ = write!(o, "\\\n        {}", line(h));
        }
    }
    o.push_str("\";\n/// Each service's rests if its feature is on, in const evaluation only: the binary holds them as `RESTS`.\nconst RESTS_PARTS: &[&[u8]] = &[\n");
    for (first, _, rests) in &services {
        let op = &ops[*first];
        let gate = on(&op.feature);
        let _ = writeln!(o, "    /* {} */ if {gate} {{ {} }} else {{ b\"\" }},", op.service, rows_lit(rests));
    }
    o.push_str("];\nstatic RESTS: [u8; blob_len(RESTS_PARTS, false)] = blob(RESTS_PARTS, false);\n");
    let _ = writeln!(o, "static SERVICES: [Service; {}] = [", services.len());
    for (first, heads, _) in &services {
        let op = &ops[*first];
        let _ = writeln!(o, "    /* {first} {} */ Service {{ end: {}, on: {} }},", op.service, first + heads.len(), on(&op.feature));
    }
    o.push_str("];\n");
    let _ = writeln!(o, "static CACHE: [OnceLock<Op>; {}] = [const {{ OnceLock::new() }}; {}];", ops.len(), ops.len());
    o.push_str("static INDEX: OnceLock<Vec<Row>> = OnceLock::new();\nstatic PATHS: OnceLock<&str> = OnceLock::new();\n");
    o.push_str("pub static OPS: &Ops = &Ops { heads: HEADS, rests: &RESTS, services: &SERVICES, versions: &VERSIONS, paging: &PAGING, cache: &CACHE, index: &INDEX, paths: &PATHS };\n\n");
    // One text, not a table of `&str` pairs (~0.4 KB of the v2 wasm's gzip).
    o.push_str("/// Each service's SDK property and cargo feature, in row order.\n#[cfg(any(target_arch = \"wasm32\", test))]\nstatic SERVICE_NAMES: &str = \"");
    let names: Vec<String> = services.iter().map(|(first, _, _)| format!("{} {}", ops[*first].service, ops[*first].feature)).collect();
    o.push_str(&names.join(" "));
    o.push_str("\";\n\n/// The SDK service property and the cargo feature of operation `i`. For\n/// the wasm client's error message.\n#[cfg(any(target_arch = \"wasm32\", test))]\npub fn service(i: u32) -> (&'static str, &'static str) {\n    let k = SERVICES.iter().position(|s| i < u32::from(s.end)).unwrap_or(usize::MAX);\n    let mut words = SERVICE_NAMES.split(' ').skip(k.saturating_mul(2));\n    (words.next().unwrap_or(\"\"), words.next().unwrap_or(\"\"))\n}\n");
    Ok(o)
}
