//! One cargo feature per service: `Cargo.toml` lists exactly the services,
//! every operation row is gated by its own service's feature, and every schema
//! node by exactly the services that reach it.
use std::collections::{BTreeMap, BTreeSet};

mod common;
use common::{out, repo};

fn file(rel: &str) -> &'static str {
    &out()
        .files
        .iter()
        .find(|f| f.0 == rel)
        .unwrap_or_else(|| panic!("no {rel}"))
        .1
}

/// The services' features in table order.
fn features() -> Vec<String> {
    let mut v: Vec<String> = vec![];
    for o in &out().ops {
        if v.last() != Some(&o.feature) {
            v.push(o.feature.clone());
        }
    }
    v
}
fn konst(feature: &str) -> String {
    format!("on::{}", feature.to_uppercase().replace('-', "_"))
}

/// `name = [list]` entries of `Cargo.toml`'s `[features]` table (a small
/// reader for the hand-written file: one entry per line or a multi-line list).
fn cargo_features() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    let section = text
        .split("\n[features]\n")
        .nth(1)
        .expect("a [features] table")
        .split("\n[")
        .next()
        .unwrap_or_default();
    let mut map = BTreeMap::new();
    let mut pending: Option<(String, String)> = None;
    for line in section.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let (name, rest) = match pending.take() {
            Some((name, acc)) => (name, format!("{acc} {line}")),
            None => {
                let (k, v) = line.split_once('=').expect("name = [...]");
                (k.trim().to_owned(), v.trim().to_owned())
            }
        };
        if !rest.ends_with(']') {
            pending = Some((name, rest));
            continue;
        }
        let items = rest
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        assert!(map.insert(name.clone(), items).is_none(), "{name} twice");
    }
    map
}

#[test]
fn cargo_toml_lists_every_service() {
    require_specs!();
    let fs = features();
    assert_eq!(fs.len(), 41);
    let unique: BTreeSet<_> = fs.iter().collect();
    assert_eq!(unique.len(), fs.len(), "each service is one run of rows");
    let expected = format!(
        "default = [\"all-services\"]\nall-services = [\n{}]\n{}",
        fs.iter()
            .map(|f| format!("    \"{f}\",\n"))
            .collect::<String>(),
        fs.iter().map(|f| format!("{f} = []\n")).collect::<String>()
    );
    let got = cargo_features();
    // v3's services are v2's plus the ones only v3 has (chat-widget), each a
    // feature of its own too; `v3` swaps the table, `both-tables` adds it.
    let mut all: Vec<String> = fs.clone();
    if common::specs_v3().join("apps").is_dir() {
        for o in &common::out_v3().ops {
            if !all.contains(&o.feature) {
                all.push(o.feature.clone());
            }
        }
    }
    all.sort();
    let mut want: BTreeMap<String, Vec<String>> = all.iter().map(|f| (f.clone(), vec![])).collect();
    want.insert("default".into(), vec!["all-services".into()]);
    want.insert("all-services".into(), all.clone());
    want.insert("serde".into(), vec!["dep:serde_json".into()]);
    want.insert("v3".into(), vec![]);
    want.insert("both-tables".into(), vec![]);
    assert!(
        got == want,
        "Cargo.toml's [features] do not match the services; they should read (plus `serde`):\n{expected}\ngot {got:?}"
    );
}

#[test]
fn each_row_is_gated_by_its_service() {
    require_specs!();
    let ops_rs = file("src/generated/ops.rs");
    // per service one run of rows (where it ends, its gate), its params and
    // bodies (the rests) gated
    let mut first = 0;
    for f in features() {
        let n = out().ops.iter().filter(|o| o.feature == f).count();
        let o = &out().ops[first];
        let run = format!("    /* {first} {} */ Service {{ end: {}, on: {} }},", o.service, first + n, konst(&f));
        assert!(ops_rs.contains(&run), "ops.rs lacks {run}");
        let rests = format!("    /* {} */ if {} {{ b\"", o.service, konst(&f));
        assert!(ops_rs.contains(&rests), "{f}: rests not gated ({rests})");
        first += n;
    }
    assert_eq!(first, out().ops.len());
    let mod_rs = file("src/generated/mod.rs");
    for f in features() {
        let decl = format!(
            "pub const {}: bool = cfg!(feature = {f:?});",
            konst(&f).trim_start_matches("on::")
        );
        assert!(mod_rs.contains(&decl), "mod.rs lacks {decl}");
    }
    // the error message names the service and its feature
    for (svc, f) in [
        ("adManager", "ad-manager"),
        ("contacts", "contacts"),
        ("saasApi", "saas-api"),
    ] {
        let first = out()
            .ops
            .iter()
            .position(|o| o.feature == f)
            .expect("service");
        let last = out()
            .ops
            .iter()
            .rposition(|o| o.feature == f)
            .expect("service");
        // `SERVICE_NAMES` names each service's property and feature in row order
        let names = ops_rs
            .split("static SERVICE_NAMES: &str = \"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .expect("SERVICE_NAMES");
        let words: Vec<&str> = names.split(' ').collect();
        let k = features().iter().position(|x| *x == f).expect("feature");
        assert_eq!((words[2 * k], words[2 * k + 1]), (svc, f), "SERVICE_NAMES of {svc}");
        let end = format!("Service {{ end: {}, on: {} }}", last + 1, konst(f));
        assert!(ops_rs.contains(&end), "ops.rs lacks {end}");
        assert!(first == 0 || ops_rs.contains(&format!("Service {{ end: {first}, on: ")), "no run ends before {svc}");
    }
}

#[test]
fn each_schema_node_is_gated_by_the_services_reaching_it() {
    require_specs!();
    let o = out();
    let fs = features();
    // recomputed here: per feature, every node its params and bodies reach
    let mut reach: Vec<BTreeSet<String>> = vec![BTreeSet::new(); o.schemas.len()];
    for op in &o.ops {
        let mut stack: Vec<u16> = op.params.iter().map(|p| p.4).collect();
        stack.extend(op.body.iter().map(|b| b.2));
        let mut seen = BTreeSet::new();
        while let Some(i) = stack.pop() {
            if i == u16::MAX || !seen.insert(i) {
                continue;
            }
            reach[i as usize].insert(op.feature.clone());
            let n = &o.schemas[i as usize];
            stack.push(n.items);
            stack.extend(n.props.iter().map(|p| p.1));
            stack.extend(n.all_of.iter().chain(&n.one_of).chain(&n.any_of));
        }
    }
    let schemas_rs = file("src/generated/schemas.rs");
    let lines: Vec<&str> = schemas_rs
        .lines()
        .filter(|l| l.starts_with("    /* "))
        .collect();
    assert_eq!(lines.len(), o.schemas.len());
    let mut gated = 0;
    for (i, (n, line)) in o.schemas.iter().zip(&lines).enumerate() {
        let users = &reach[i];
        let want: Vec<String> = if users.len() == fs.len() {
            vec![]
        } else {
            fs.iter().filter(|f| users.contains(*f)).cloned().collect()
        };
        assert_eq!(n.features, want, "node {i}");
        let rest = line.split(" */ ").nth(1).expect("row");
        if want.is_empty() {
            assert!(!rest.starts_with("w("), "node {i} is gated: {line}");
        } else {
            gated += 1;
            let cond: Vec<String> = want.iter().map(|f| konst(f)).collect();
            let prefix = format!("w({}, ", cond.join(" | "));
            assert!(
                rest.starts_with(&prefix),
                "node {i}: {line}\nshould start with {prefix}"
            );
        }
    }
    assert!(gated > o.schemas.len() / 2, "only {gated} nodes gated");
    // a few known ones
    let body = |id: &str| {
        o.ops
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.body.as_ref())
            .map(|b| b.2)
            .expect(id)
    };
    assert_eq!(
        o.schemas[body("create-contact") as usize].features,
        ["contacts"]
    );
    assert_eq!(
        o.schemas[body("create-opportunity") as usize].features,
        ["opportunities"]
    );
    assert!(
        o.schemas[0].features.is_empty(),
        "plain string is in every build"
    );
}
