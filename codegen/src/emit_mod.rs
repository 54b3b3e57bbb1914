//! `src/generated{,_v3}/mod.rs` and the `SCHEMAS` table as test rows.

use crate::emit_rust::rs_str;
use crate::schema::{Interner, FMT_RS, TY_RS};
use crate::{SchemaRow, HEADER};
use std::fmt::Write as _;

/// `src/generated/mod.rs`.
pub(crate) fn rs_mod(ops: usize, nodes: usize, features: &[String]) -> String {
    let mut o = format!(
        "// {HEADER}\n//! The operation table: {ops} operations over {nodes} schema nodes.\n#[rustfmt::skip]\nmod ops;\n#[rustfmt::skip]\nmod schemas;\n\n#[cfg(any(target_arch = \"wasm32\", test))]\npub use ops::service;\npub use ops::OPS;\npub use schemas::SCHEMAS;\n\n"
    );
    o.push_str("/// Per service, whether its cargo feature (`Cargo.toml`) is on. Off, the\n/// service's rows are stubs (`enabled: false`, indices unchanged) and schema\n/// nodes no built service uses become `Any`.\nmod on {\n");
    for f in features {
        let _ = writeln!(
            o,
            "    pub const {}: bool = cfg!(feature = {});",
            f.to_uppercase().replace('-', "_"),
            rs_str(f)
        );
    }
    o.push_str("}\n");
    o
}

/// The `SCHEMAS` table as test rows.
pub(crate) fn schema_rows(it: &Interner, users: &[Vec<String>]) -> Vec<SchemaRow> {
    it.nodes
        .iter()
        .zip(users)
        .map(|(n, users)| SchemaRow {
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
            features: users.clone(),
        })
        .collect()
}
