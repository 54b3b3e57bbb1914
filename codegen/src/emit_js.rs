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

pub(crate) fn services_js(ops: &[Operation], pages: &[Option<PagingRow>]) -> Result<String, String> {
    // Each service is one run of rows in the table: its first index and its
    // method names in order say it all (a quarter less gzip than name:index pairs).
    let mut services_js = format!("// {HEADER}\n/** Per SDK service property: the index (into the wasm table) of its first operation and its method names in table order. */\nconst RUNS = {{\n");
    for (svc, list) in &by_service(ops) {
        let start = list.first().map_or(0, |(i, _)| *i);
        if list.iter().enumerate().any(|(k, (i, _))| *i != start + k) {
            return Err(format!("service {svc}: its operations are not one run of the table"));
        }
        let names: Vec<&str> = list.iter().map(|(_, o)| o.method.as_str()).collect();
        let _ = writeln!(services_js, "  {svc}: [{start}, '{}'],", names.join(" "));
    }
    services_js.push_str("};\n/** Operation index per SDK service property and method name. */\nexport const SERVICES = {};\nfor (const [service, [start, names]] of Object.entries(RUNS)) {\n  const methods = (SERVICES[service] = {});\n  names.split(' ').forEach((name, i) => {\n    methods[name] = start + i;\n  });\n}\n");
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
