//! `pkg-template/generated/services.js`: the SDK's services as runs of the
//! wasm operation table, the method names the wasm cannot derive, and which
//! operations are paged lists.

use crate::names::method_name;
use crate::operations::Operation;
use crate::paging::PagingRow;
use crate::HEADER;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Operation indices (in table order) per service, services sorted.
pub(crate) fn by_service(ops: &[Operation]) -> BTreeMap<&str, Vec<(usize, &Operation)>> {
    let mut by_svc: BTreeMap<&str, Vec<(usize, &Operation)>> = BTreeMap::new();
    for (i, o) in ops.iter().enumerate() {
        by_svc.entry(&o.service).or_default().push((i, o));
    }
    by_svc
}

pub(crate) fn services_js(ops: &[Operation], pages: &[Option<PagingRow>]) -> Result<String, String> {
    // Each service is one run of rows: its first index and count say where.
    // The names are the wasm's to give (`methodNames`: `method_name` of each
    // row's id, src/names.rs), but for the few whose id is not their
    // operationId: services.js 4.0 -> 1.1 KB gzip (the wasm +0.5 KB).
    let mut services_js = format!("// {HEADER}\n/** Per SDK service property: the index (into the wasm table) of its first operation and how many it has, in table order. */\nexport const RUNS = {{\n");
    for (svc, list) in &by_service(ops) {
        let start = list.first().map_or(0, |(i, _)| *i);
        if list.iter().enumerate().any(|(k, (i, _))| *i != start + k) {
            return Err(format!("service {svc}: its operations are not one run of the table"));
        }
        let _ = writeln!(services_js, "  {svc}: [{start}, {}],", list.len());
    }
    let named: Vec<String> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| o.method != method_name(&o.id))
        .map(|(i, o)| format!("{i}: '{}'", o.method))
        .collect();
    let _ = writeln!(
        services_js,
        "}};\n/** The methods not named `method_name(id)` (src/names.rs) after their table row's id, by index: ids made unique (overrides.json), v3 methods keeping v2 names. */\nexport const NAMED = {{ {} }};",
        named.join(", ")
    );
    let paged: Vec<String> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_some())
        .map(|(i, _)| i.to_string())
        .collect();
    let _ = writeln!(
        services_js,
        "/** The list operations: their calls are also async iterables of every page's items (paginate.js). */\nexport const PAGED = new Set([{}]);",
        paged.join(",")
    );
    Ok(services_js)
}
