//! The wasm operation table: `src/generated/{mod,ops,schemas}.rs`, plus the
//! same rows in inspectable form for tests.

use crate::names::pascal;
use crate::operations::Operation;
use crate::schema::{Interner, FMT_RS, TY_RS, T_ARRAY};
use crate::{OpRow, SchemaRow, HEADER, NONE};
use std::fmt::Write as _;

pub(crate) fn rs_str(s: &str) -> String {
    format!("{s:?}")
}

pub(crate) fn rs_schemas(it: &Interner) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str(
        "//! Schema nodes, hash-consed: identical nodes share one index.\nuse crate::table::*;\n\n",
    );
    o.push_str("const N: u16 = NONE;\n");
    o.push_str("const fn s(ty: Ty) -> Schema {\n    Schema { ty, nullable: false, format: Fmt::None, enums: &[], items: N, props: &[], all_of: &[], one_of: &[], any_of: &[], min_items: 0, min_length: 0 }\n}\n");
    o.push_str("const fn p(name: &'static str, schema: u16) -> Prop {\n    Prop { name, schema, required: false }\n}\n");
    o.push_str("const fn r(name: &'static str, schema: u16) -> Prop {\n    Prop { name, schema, required: true }\n}\n");
    o.push_str("const fn a(items: u16) -> Schema {\n    Schema { items, ..s(Ty::Array) }\n}\n\n");
    o.push_str("pub static SCHEMAS: &[Schema] = &[\n");
    let list = |v: &[u16]| {
        v.iter()
            .map(|x| {
                if *x == NONE {
                    "N".to_owned()
                } else {
                    x.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (i, n) in it.nodes.iter().enumerate() {
        let mut f: Vec<String> = vec![];
        if n.nullable {
            f.push("nullable: true".into());
        }
        if n.fmt != 0 {
            f.push(format!("format: Fmt::{}", FMT_RS[n.fmt as usize]));
        }
        if !n.enums.is_empty() {
            f.push(format!(
                "enums: &[{}]",
                n.enums
                    .iter()
                    .map(|e| rs_str(e))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let simple_array = n.ty == T_ARRAY && n.items != NONE;
        if n.items != NONE && !simple_array {
            f.push(format!("items: {}", n.items));
        }
        if !n.props.is_empty() {
            let ps: Vec<String> = n
                .props
                .iter()
                .map(|(k, s, req)| {
                    format!(
                        "{}({}, {})",
                        if *req { "r" } else { "p" },
                        rs_str(k),
                        if *s == NONE {
                            "N".into()
                        } else {
                            s.to_string()
                        }
                    )
                })
                .collect();
            f.push(format!("props: &[{}]", ps.join(", ")));
        }
        for (k, v) in [
            ("all_of", &n.all_of),
            ("one_of", &n.one_of),
            ("any_of", &n.any_of),
        ] {
            if !v.is_empty() {
                f.push(format!("{k}: &[{}]", list(v)));
            }
        }
        if n.min_items != 0 {
            f.push(format!("min_items: {}", n.min_items));
        }
        if n.min_length != 0 {
            f.push(format!("min_length: {}", n.min_length));
        }
        let base = if simple_array {
            format!("a({})", n.items)
        } else {
            format!("s(Ty::{})", TY_RS[n.ty as usize])
        };
        let name = it
            .names
            .get(&(i as u16))
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        if f.is_empty() {
            let _ = writeln!(o, "    /* {i}{name} */ {base},");
        } else {
            let _ = writeln!(
                o,
                "    /* {i}{name} */ Schema {{ {}, ..{base} }},",
                f.join(", ")
            );
        }
    }
    o.push_str("];\n");
    o
}

pub(crate) fn rs_ops(
    ops: &[Operation],
    it: &mut Interner,
    rows: &mut Vec<OpRow>,
) -> Result<String, String> {
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str("//! One row per operation: spec file, then path, then get/post/put/patch/delete.\nuse crate::table::*;\n\n");
    o.push_str("const A: Option<&str> = Some(\"2021-07-28\");\nconst B: Option<&str> = Some(\"2021-04-15\");\n");
    o.push_str("const fn path(key: &'static str, name: &'static str, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Path, required: true, schema }\n}\n");
    o.push_str("const fn query(key: &'static str, name: &'static str, required: bool, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Query, required, schema }\n}\n");
    if ops
        .iter()
        .any(|op| op.params.iter().any(|p| p.loc == "header"))
    {
        o.push_str("const fn header(key: &'static str, name: &'static str, required: bool, schema: u16) -> Param {\n    Param { key, name, loc: Loc::Header, required, schema }\n}\n");
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
    o.push('\n');
    o.push_str("pub static OPS: &[Op] = &[\n");
    for (i, op) in ops.iter().enumerate() {
        let version = match op.version.as_deref() {
            None => "None".to_owned(),
            Some("2021-07-28") => "A".into(),
            Some("2021-04-15") => "B".into(),
            Some(v) => format!("Some({})", rs_str(v)),
        };
        let mut ps = vec![];
        let mut row = OpRow {
            id: op.id.clone(),
            service: op.service.clone(),
            method_name: op.method.clone(),
            http: op.http.to_uppercase(),
            path: op.path.clone(),
            version: op.version.clone(),
            params: vec![],
            body: None,
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
            "    /* {i} {}.{} */ Op {{ id: {}, method: Method::{}, path: {}, version: {version}, params: &[{}], body: {body} }},",
            op.service,
            op.method,
            rs_str(&op.id),
            pascal(op.http),
            rs_str(&op.path),
            ps.join(", ")
        );
        rows.push(row);
    }
    o.push_str("];\n");
    Ok(o)
}

/// `src/generated/mod.rs`.
pub(crate) fn rs_mod(ops: usize, nodes: usize) -> String {
    format!(
        "// {HEADER}\n//! The operation table: {ops} operations over {nodes} schema nodes.\n#[rustfmt::skip]\nmod ops;\n#[rustfmt::skip]\nmod schemas;\n\npub use ops::OPS;\npub use schemas::SCHEMAS;\n"
    )
}

/// The `SCHEMAS` table as test rows.
pub(crate) fn schema_rows(it: &Interner) -> Vec<SchemaRow> {
    it.nodes
        .iter()
        .map(|n| SchemaRow {
            ty: TY_RS[n.ty as usize],
            nullable: n.nullable,
            format: FMT_RS[n.fmt as usize],
            enums: n.enums.clone(),
            items: n.items,
            props: n.props.clone(),
            all_of: n.all_of.clone(),
            one_of: n.one_of.clone(),
            any_of: n.any_of.clone(),
            min_items: n.min_items,
            min_length: n.min_length,
        })
        .collect()
}
