//! API v3 beside v2: which v2 operation a v3 one continues (its "twin"), so
//! that service and method names and features carry over and code moves from
//! `highlevel-wasm` to `highlevel-wasm/v3` unchanged; and `codegen/NAMES-v3.md`.
//! Parameter keys stay the v3 spec's names camelCased, as everywhere (four
//! ad-set paths renamed `{adsetId}` to `{adSetId}`: NAMES-v3.md shows both).
//!
//! Twins: the same method and path (placeholder names ignored), else the same
//! method and operationId in the v2 file the v3 file continues (a path renamed
//! to kebab case, `/oauth/locationToken` → `/oauth/location-token`).

use crate::names::service_name;
use crate::operations::Operation;
use crate::spec::{entries, HTTP};
use crate::{OpRow, HEADER};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `/a/{x}/b` → `/a/{}/b`: a route with its placeholder names ignored.
pub fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

pub(crate) struct Twins<'a> {
    by_route: BTreeMap<(String, String), &'a OpRow>,
    by_id: BTreeMap<(String, String, String), &'a OpRow>,
    /// v3 spec file → the v2 feature (spec file) its shared operations are in.
    files: BTreeMap<String, String>,
}

impl<'a> Twins<'a> {
    pub(crate) fn new(specs: &BTreeMap<String, Value>, v2: &'a [OpRow]) -> Twins<'a> {
        let mut by_route = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for r in v2 {
            by_route.insert((r.http.to_lowercase(), shape(&r.path)), r);
            by_id.insert((r.feature.clone(), r.http.to_lowercase(), r.id.clone()), r);
        }
        // the v2 file most of a v3 file's shared operations are in
        let mut votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (file, spec) in specs.iter().filter(|(f, _)| *f != "common") {
            for (path, item) in entries(&spec["paths"]) {
                for http in HTTP.iter().filter(|h| item.get(**h).is_some()) {
                    if let Some(r) = by_route.get(&(http.to_string(), shape(path))) {
                        *votes
                            .entry(file.clone())
                            .or_default()
                            .entry(r.feature.clone())
                            .or_default() += 1;
                    }
                }
            }
        }
        let files = specs
            .keys()
            .filter(|f| *f != "common")
            .map(|f| {
                let own = f.strip_suffix("-v3").unwrap_or(f).to_owned();
                let best = votes
                    .get(f)
                    .and_then(|v| v.iter().max_by_key(|x| x.1))
                    .map(|x| x.0.clone());
                (f.clone(), best.unwrap_or(own))
            })
            .collect();
        Twins {
            by_route,
            by_id,
            files,
        }
    }

    /// The feature and service of a v3 operation, and its v2 twin if any.
    pub(crate) fn place(
        &self,
        file: &str,
        http: &str,
        path: &str,
        spec_id: &str,
    ) -> (String, String, Option<&'a OpRow>) {
        let feature = self
            .files
            .get(file)
            .cloned()
            .unwrap_or_else(|| file.to_owned());
        let twin = self
            .by_route
            .get(&(http.to_owned(), shape(path)))
            .or_else(|| {
                self.by_id
                    .get(&(feature.clone(), http.to_owned(), spec_id.to_owned()))
            })
            .copied();
        let service = twin.map_or_else(|| service_name(&feature), |t| t.service.clone());
        (feature, service, twin)
    }
}

/// `codegen/NAMES-v3.md`: every v3 name with its v2 counterpart (`twins`,
/// in table order), then the v2 operations v3 lacks.
pub(crate) fn names_md(
    ops: &[Operation],
    twins: &[Option<(String, String, String, String)>],
    v2: &[OpRow],
) -> String {
    let mut o = format!("<!-- {HEADER} -->\n# API v3 names\n\n");
    let shared = twins.iter().flatten().count();
    let _ = writeln!(
        o,
        "Every operation of `highlevel-wasm/v3` ({} in all), its `Version` header and its v2 counterpart in `highlevel-wasm`, if any: {shared} have one (same method and path, or a renamed path with the same operationId) and keep its service and method name, so code moves over unchanged; {} are v3 only and named by the same rules as v2 (service: the spec file's v2 service, or its stem; method: the operationId in lower camel case). Written by codegen.\n",
        ops.len(),
        ops.len() - shared
    );
    o.push_str("| v3 name | method and path | Version | v2 counterpart |\n|---|---|---|---|\n");
    for (op, twin) in ops.iter().zip(twins) {
        let v2 = match twin {
            Some((svc, m, _, path)) if *path == op.path => format!("`{svc}.{m}` (same path)"),
            Some((svc, m, http, path)) => format!("`{svc}.{m}` ({http} `{path}`)"),
            None => "v3 only".to_owned(),
        };
        let _ = writeln!(
            o,
            "| `{}.{}` | {} `{}` | {} | {v2} |",
            op.service,
            op.method,
            op.http.to_uppercase(),
            op.path,
            op.version.as_deref().unwrap_or("none")
        );
    }
    let used: std::collections::BTreeSet<(&str, &str)> = twins
        .iter()
        .flatten()
        .map(|t| (t.2.as_str(), t.3.as_str()))
        .collect();
    let gone: Vec<&OpRow> = v2
        .iter()
        .filter(|r| !used.contains(&(r.http.as_str(), r.path.as_str())))
        .collect();
    let _ = writeln!(
        o,
        "\n## Only in v2 ({})\n\nNot in the v3 specs; call them through `highlevel-wasm`.\n",
        gone.len()
    );
    for r in gone {
        let _ = writeln!(
            o,
            "- `{}.{}`: {} `{}`",
            r.service, r.method_name, r.http, r.path
        );
    }
    o
}
