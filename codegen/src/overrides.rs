//! `codegen/overrides.json`: JSON patches for flaws in the specs, unique
//! operation ids for duplicated operationIds, SDK method-name exceptions, and
//! the POST/PATCH operations a retry may repeat.

use crate::spec::s;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn target_base(entry: &Value) -> Result<Vec<String>, String> {
    if let Some(op) = s(entry, "operation") {
        let (m, p) = op
            .split_once(' ')
            .ok_or_else(|| format!("bad operation {op:?}"))?;
        return Ok(vec!["paths".into(), p.into(), m.into()]);
    }
    if let Some(c) = s(entry, "component") {
        return Ok(vec!["components".into(), "schemas".into(), c.into()]);
    }
    Ok(vec![])
}

fn navigate<'a>(mut v: &'a mut Value, segs: &[String]) -> Result<&'a mut Value, String> {
    for seg in segs {
        v = match v {
            Value::Object(m) => m
                .get_mut(seg.as_str())
                .ok_or_else(|| format!("no key {seg:?}"))?,
            Value::Array(a) => {
                let i: usize = seg.parse().map_err(|_| format!("bad index {seg:?}"))?;
                a.get_mut(i).ok_or_else(|| format!("no index {i}"))?
            }
            _ => return Err(format!("cannot enter {seg:?}")),
        };
    }
    Ok(v)
}

fn subset(expect: &Value, actual: &Value) -> bool {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| subset(ev, av))),
        _ => expect == actual,
    }
}

/// Applies `patches` from overrides.json to the loaded specs.
pub(crate) fn apply_patches(
    specs: &mut BTreeMap<String, Value>,
    ov: &Value,
) -> Result<usize, String> {
    let mut n = 0;
    for entry in ov
        .get("patches")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let fail = |m: String| format!("override {entry}: {m}");
        if s(entry, "reason").is_none_or(str::is_empty) {
            return Err(fail("missing reason".into()));
        }
        let file = s(entry, "file").ok_or_else(|| fail("missing file".into()))?;
        let spec = specs
            .get_mut(file)
            .ok_or_else(|| fail("unknown file".into()))?;
        let mut segs = target_base(entry).map_err(fail)?;
        if let Some(at) = s(entry, "at").filter(|a| !a.is_empty()) {
            segs.extend(
                at.split('/')
                    .map(|x| x.replace("~1", "/").replace("~0", "~")),
            );
        }
        let op = s(entry, "op").unwrap_or("set");
        let value = entry.get("value").cloned();
        let (last, parent_segs) = segs
            .split_last()
            .ok_or_else(|| fail("empty target".into()))?;
        let parent = navigate(spec, parent_segs).map_err(fail)?;
        if let Some(expect) = entry.get("expect") {
            let cur = match parent {
                Value::Object(m) => m.get(last.as_str()),
                Value::Array(a) => last.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            if !cur.is_some_and(|c| subset(expect, c)) {
                return Err(fail(format!(
                    "expectation not met; found {:?}",
                    cur.map(|c| c.to_string())
                )));
            }
        }
        match (op, parent) {
            ("set", Value::Object(m)) => {
                if !m.contains_key(last.as_str()) {
                    return Err(fail("set: target does not exist (use add)".into()));
                }
                m.insert(last.clone(), value.ok_or_else(|| fail("no value".into()))?);
            }
            ("add", Value::Object(m)) => {
                if m.contains_key(last.as_str()) {
                    return Err(fail("add: target already exists (use set)".into()));
                }
                m.insert(last.clone(), value.ok_or_else(|| fail("no value".into()))?);
            }
            ("add", Value::Array(a)) if last == "-" => {
                a.push(value.ok_or_else(|| fail("no value".into()))?)
            }
            ("remove", Value::Object(m)) => {
                m.remove(last.as_str())
                    .ok_or_else(|| fail("remove: no such key".into()))?;
            }
            ("remove", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| fail("bad index".into()))?;
                if i >= a.len() {
                    return Err(fail("remove: no such index".into()));
                }
                a.remove(i);
            }
            ("unwrap", parent) => {
                let t = navigate(parent, std::slice::from_ref(last)).map_err(fail)?;
                let inner = match t {
                    Value::Array(a) if a.len() == 1 && a[0].is_array() => a[0].clone(),
                    _ => {
                        return Err(fail(
                            "unwrap: target is not a one-element array of an array".into(),
                        ))
                    }
                };
                *t = inner;
            }
            ("merge", parent) => {
                let t = navigate(parent, std::slice::from_ref(last)).map_err(fail)?;
                let t = t
                    .as_object_mut()
                    .ok_or_else(|| fail("merge: target is not an object".into()))?;
                for (k, v) in value
                    .as_ref()
                    .and_then(Value::as_object)
                    .ok_or_else(|| fail("merge: value is not an object".into()))?
                {
                    t.insert(k.clone(), v.clone());
                }
            }
            _ => return Err(fail(format!("unsupported op {op:?} here"))),
        }
        n += 1;
    }
    Ok(n)
}

/// `(file, "<method> <path>")`: an operation as the overrides name it.
pub(crate) type OpKey = (String, String);

/// The entries of an operation-keyed section, each checked for its reason:
/// `((file, "<method> <path>"), entry)`.
pub(crate) fn op_entries<'a>(
    ov: &'a Value,
    section: &str,
) -> Result<Vec<(OpKey, &'a Value)>, String> {
    let mut out = vec![];
    for e in ov
        .get(section)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if s(e, "reason").is_none_or(str::is_empty) {
            return Err(format!("override {e}: missing reason"));
        }
        let (Some(f), Some(o)) = (s(e, "file"), s(e, "operation")) else {
            return Err(format!("override {e}: needs file, operation"));
        };
        out.push(((f.to_owned(), o.to_owned()), e));
    }
    Ok(out)
}

/// The `ids` or `methods` section: `(file, "<method> <path>")` to the entry's
/// `field` (`id` or `method`).
pub(crate) fn op_renames(
    ov: &Value,
    section: &str,
    field: &str,
) -> Result<BTreeMap<(String, String), String>, String> {
    let mut out = BTreeMap::new();
    for (k, e) in op_entries(ov, section)? {
        let v = s(e, field).ok_or_else(|| format!("override {e}: needs {field}"))?;
        out.insert(k, v.to_owned());
    }
    Ok(out)
}

/// A section that only lists operations (`idempotent`): the set of
/// `(file, "<method> <path>")`.
pub(crate) fn op_set(ov: &Value, section: &str) -> Result<BTreeSet<(String, String)>, String> {
    let mut out = BTreeSet::new();
    for (k, e) in op_entries(ov, section)? {
        if !out.insert(k) {
            return Err(format!("override {e}: listed twice in {section}"));
        }
    }
    Ok(out)
}
