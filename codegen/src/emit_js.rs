//! `pkg-template/generated/services.js`: the SDK's service and method names
//! mapped to indices into the wasm operation table, and which are paged lists.

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

pub(crate) fn services_js(ops: &[Operation], pages: &[Option<PagingRow>]) -> String {
    let mut services_js = format!("// {HEADER}\n/** Operation index (into the wasm table) per SDK service property and method name. */\nexport const SERVICES = {{\n");
    for (svc, list) in &by_service(ops) {
        let m: Vec<String> = list
            .iter()
            .map(|(i, o)| format!("{}:{i}", o.method))
            .collect();
        let _ = writeln!(services_js, "  {svc}: {{{}}},", m.join(","));
    }
    services_js.push_str("};\n");
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
    services_js
}
