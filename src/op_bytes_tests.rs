//! The method names a client gets, the wasm's (`Ops::method_names` of each
//! service's run, from the rows' ids) but for services.js's `NAMED`, are
//! codegen's names for every operation of v2 and v3 (the `method` of
//! tests/generated/smoke*.json), and `NAMED` lists no name the rule gives.

use crate::names::method_name;
use crate::op_bytes::Ops;
use serde_json::Value as J;
use std::collections::BTreeMap;

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).expect(rel) // ok: test only
}

/// `export const <name> = { ... };` of services.js as its `key: value` pairs.
fn object<'a>(js: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let head = format!("export const {name} = {{");
    let at = js.find(&head).expect(name) + head.len(); // ok: test only
    let body = &js[at..at + js[at..].find("};").expect("end")]; // ok: test only
    body.split('\n')
        .flat_map(|l| l.split("', "))
        .filter_map(|p| p.trim().trim_end_matches(',').split_once(": "))
        .collect()
}

fn check(ops: &'static Ops, smoke: &str, services: &str) {
    let smoke: J = serde_json::from_str(&read(smoke)).expect("smoke parses"); // ok: test only
    let rows = smoke["smoke"].as_array().expect("rows"); // ok: test only
    assert_eq!(rows.len(), ops.len());
    let js = read(services);
    let named: BTreeMap<usize, String> = object(&js, "NAMED")
        .into_iter()
        .map(|(i, n)| (i.parse().expect("index"), n.trim_matches('\'').to_owned())) // ok: test only
        .collect();
    assert!(!named.is_empty());
    let runs = object(&js, "RUNS");
    let mut seen = 0;
    for (service, run) in &runs {
        let (start, count) = run.trim_matches(['[', ']']).split_once(", ").expect("[start, count]"); // ok: test only
        let (start, count): (usize, usize) = (start.parse().expect("start"), count.parse().expect("count")); // ok: test only
        let names = ops.method_names(start, count);
        assert_eq!(names.split(' ').count(), count, "{service}");
        for (k, name) in names.split(' ').enumerate() {
            let i = start + k;
            let row = &rows[i];
            assert_eq!(row["service"], *service, "row {i}");
            assert_eq!(row["id"], ops.id(i), "row {i}");
            assert_eq!(ops.id(i), ops.get(i).expect("row").id, "row {i}"); // ok: test only
            assert_eq!(name, method_name(ops.id(i)), "row {i}");
            match named.get(&i) {
                Some(n) => {
                    assert_ne!(*n, name, "row {i}: NAMED lists what the rule gives");
                    assert_eq!(row["method"], *n, "row {i}");
                }
                None => assert_eq!(row["method"], name, "row {i}"),
            }
            seen += 1;
        }
    }
    assert_eq!(seen, ops.len(), "the runs cover the table");
    assert_eq!(ops.id(ops.len()), "");
    assert_eq!(ops.method_names(ops.len() - 1, 5).split(' ').count(), 1);
}

#[test]
fn method_names_are_codegens() {
    if cfg!(feature = "v3") {
        check(crate::table::OPS, "tests/generated/smoke-v3.json", "pkg-template/generated-v3/services.js");
    } else {
        check(crate::table::OPS, "tests/generated/smoke.json", "pkg-template/generated/services.js");
    }
}

#[cfg(feature = "both-tables")]
#[test]
fn v3_method_names_are_codegens() {
    check(crate::table::v3::OPS, "tests/generated/smoke-v3.json", "pkg-template/generated-v3/services.js");
}
