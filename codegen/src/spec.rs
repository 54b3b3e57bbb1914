//! Loading the spec files and checking that every `$ref` in them resolves.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The HTTP methods an operation may use, in table order.
pub(crate) const HTTP: [&str; 5] = ["get", "post", "put", "patch", "delete"];

pub(crate) fn read_json(p: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
}

/// Spec files by stem (`contacts`, ...; `common` for common-schemas.json).
pub fn load_specs(dir: &Path) -> Result<BTreeMap<String, Value>, String> {
    let mut specs = BTreeMap::new();
    let apps = dir.join("apps");
    let rd = std::fs::read_dir(&apps).map_err(|e| format!("{}: {e}", apps.display()))?;
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for n in names {
        specs.insert(
            n.trim_end_matches(".json").to_owned(),
            read_json(&apps.join(&n))?,
        );
    }
    specs.insert(
        "common".into(),
        read_json(&dir.join("common/common-schemas.json"))?,
    );
    Ok(specs)
}

pub(crate) fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// Object entries in sorted key order, whatever serde_json's map flavour is.
pub(crate) fn entries(v: &Value) -> Vec<(&String, &Value)> {
    let mut e: Vec<_> = v
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    e.sort_by(|a, b| a.0.cmp(b.0));
    e
}

/// Every `$ref` anywhere in the specs must resolve, even in error responses.
pub(crate) fn check_refs(specs: &BTreeMap<String, Value>) -> Vec<String> {
    fn walk(
        specs: &BTreeMap<String, Value>,
        file: &str,
        v: &Value,
        at: &str,
        out: &mut Vec<String>,
    ) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    let (f, ptr) = match r.split_once('#') {
                        Some(("", p)) => (file.to_owned(), p.to_owned()),
                        Some(("../common/common-schemas.json", p)) => {
                            ("common".to_owned(), p.to_owned())
                        }
                        _ => (String::new(), String::new()),
                    };
                    if specs.get(&f).and_then(|j| j.pointer(&ptr)).is_none() {
                        out.push(format!("{file}: {at}: broken $ref {r}"));
                    }
                }
                let mut ks: Vec<_> = m.keys().collect();
                ks.sort();
                for k in ks {
                    if k == "example" || k == "examples" {
                        continue;
                    }
                    walk(specs, file, &m[k], &format!("{at}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(specs, file, x, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![];
    for (f, j) in specs {
        walk(specs, f, j, "", &mut out);
    }
    out
}
