//! Test and sandbox fixtures: `sandbox/src/generated/responses.json` (a
//! schema-valid success body per operation) and `tests/generated/smoke.json`
//! (a minimal valid call per operation).

use crate::examples::{Synth, PLAUSIBLE_ID};
use crate::operations::Operation;
use crate::schema::Interner;
use crate::{Reduced, HEADER};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub(crate) struct Fixtures {
    pub(crate) responses: String,
    pub(crate) smoke: String,
    /// Operations whose documented response example is schema-valid and used.
    pub(crate) documented: usize,
}

pub(crate) fn fixtures(
    ops: &[Operation],
    all: &Interner,
    reduced: &Reduced,
    node_ex: &BTreeMap<u16, Value>,
    prop_ex: &BTreeMap<(u16, String), Value>,
) -> Result<Fixtures, String> {
    let Reduced {
        params,
        bodies,
        resps,
    } = reduced;
    let mut responses = vec![];
    let mut smoke = vec![];
    let full = Synth {
        it: all,
        node_ex,
        prop_ex,
        full: true,
    };
    let min = Synth {
        it: all,
        node_ex,
        prop_ex,
        full: false,
    };
    let mut documented = 0;
    for (i, op) in ops.iter().enumerate() {
        let example = match resps[i] {
            None => Value::Null,
            Some(r) => match &op.response_example {
                Some(ex) if all.valid(ex, r, 0) => {
                    documented += 1;
                    ex.clone()
                }
                _ => full.value(r, "", 0),
            },
        };
        if let Some(r) = resps[i] {
            if !all.valid(&example, r, 0) {
                return Err(format!(
                    "synthesized response for {} is not schema-valid: {example}",
                    op.id
                ));
            }
        }
        responses.push(serde_json::json!({
            "id": op.id, "status": op.status, "scopes": op.scopes, "example": example,
        }));

        let mut pv = serde_json::Map::new();
        for (p, &sch) in op.params.iter().zip(&params[i]) {
            if !p.required {
                continue;
            }
            let v = match &p.example {
                Some(ex)
                    if all.valid(ex, sch, 0)
                        && (p.loc != "path"
                            || ex.as_str().is_some_and(|s| {
                                !s.is_empty() && !s.contains('/') && s != "." && s != ".."
                            })) =>
                {
                    ex.clone()
                }
                _ if p.loc == "path" && all.nodes[sch as usize].enums.is_empty() => {
                    Value::String(PLAUSIBLE_ID.into())
                }
                _ => min.value(sch, &p.key, 0),
            };
            // An empty list puts nothing in the query: for a required
            // param that is a missing one, so give it one item.
            let v = match v {
                Value::Array(a) if a.is_empty() => {
                    Value::Array(vec![min.value(all.nodes[sch as usize].items, &p.key, 1)])
                }
                v => v,
            };
            if !all.valid(&v, sch, 0) {
                return Err(format!(
                    "example param {} of {} is not schema-valid: {v}",
                    p.key, op.id
                ));
            }
            pv.insert(p.key.clone(), v);
        }
        let (body, kind, req_field) = match (&op.body, bodies[i]) {
            (None, _) => (Value::Null, "json", Value::Null),
            (Some(b), None) => (Value::Object(Default::default()), b.kind, Value::Null),
            (Some(b), Some(sch)) => {
                let v = min.value(sch, "", 0);
                if !all.valid(&v, sch, 0) {
                    return Err(format!(
                        "example body of {} is not schema-valid: {v}",
                        op.id
                    ));
                }
                let n = &all.nodes[sch as usize];
                let field = n
                    .props
                    .iter()
                    .chain(
                        n.all_of
                            .iter()
                            .flat_map(|&a| all.nodes[a as usize].props.iter()),
                    )
                    .find(|p| p.2)
                    .map(|p| Value::String(p.0.clone()))
                    .unwrap_or(Value::Null);
                (v, b.kind, field)
            }
        };
        smoke.push(serde_json::json!({
            "index": i, "id": op.id, "service": op.service, "method": op.method,
            "httpMethod": op.http.to_uppercase(), "path": op.path, "version": op.version, "params": pv,
            "body": body, "bodyKind": kind, "requiredBodyField": req_field,
            "comma": op.params.iter().filter(|p| p.comma).map(|p| p.name.as_str()).collect::<Vec<_>>(),
        }));
    }
    Ok(Fixtures {
        responses: json_doc("responses", &responses),
        smoke: json_doc("smoke", &smoke),
        documented,
    })
}

/// JSON with sorted keys; arrays of objects at the top level one element per line.
fn json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            let mut ks: Vec<_> = m.keys().collect();
            ks.sort();
            for (i, k) in ks.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                json(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn json_doc(key: &str, rows: &[Value]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"_generated\":{},\n\"{key}\":[\n",
        Value::String(HEADER.into())
    );
    for (i, r) in rows.iter().enumerate() {
        json(r, &mut out);
        out.push_str(if i + 1 < rows.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
}
