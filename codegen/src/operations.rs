//! The model: every operation of the (patched) specs with its SDK names,
//! parameters, request body and success response, checked for consistency.

use crate::names::{method_name, sdk_camel, service_name};
use crate::overrides::{op_renames, op_set};
use crate::spec::{entries, s, HTTP};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A parameter callers pass: everything but the `Version` and
/// `Authorization` headers.
pub(crate) struct Param {
    /// The SDK's key (`locationId`), see [`sdk_camel`].
    pub(crate) key: String,
    /// The wire name (`location_id`).
    pub(crate) name: String,
    pub(crate) loc: &'static str,
    pub(crate) required: bool,
    pub(crate) schema: Value,
    pub(crate) example: Option<Value>,
    /// A query array sent comma-separated (`explode: false`: `fields=a,b`)
    /// rather than as repeated `fields[]=` keys.
    pub(crate) comma: bool,
}

pub(crate) struct ReqBody {
    /// `json`, `form` or `multipart`.
    pub(crate) kind: &'static str,
    pub(crate) required: bool,
    pub(crate) schema: Option<Value>,
}

pub(crate) struct Operation {
    pub(crate) file: String,
    /// The cargo feature building it: the spec file's name in v2, the v2
    /// service's file for a v3 file (`ad-publishing-v3` is `ad-manager`).
    pub(crate) feature: String,
    pub(crate) service: String,
    pub(crate) method: String,
    pub(crate) id: String,
    pub(crate) http: &'static str,
    pub(crate) path: String,
    pub(crate) version: Option<String>,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Option<ReqBody>,
    pub(crate) status: u16,
    pub(crate) response: Option<Value>,
    pub(crate) response_example: Option<Value>,
    pub(crate) scopes: Vec<String>,
    /// A retry may send it again: GET, PUT, DELETE, or listed under
    /// `idempotent` in the overrides (set operations, searches sent as POST).
    pub(crate) idempotent: bool,
    /// v3 only: the v2 operation it continues, as (service, method, HTTP method, path).
    pub(crate) twin: Option<(String, String, String, String)>,
}

/// Every operation, spec file by file, path by path, in `HTTP` order. All
/// problems found are reported together.
pub(crate) fn collect_ops(
    specs: &BTreeMap<String, Value>,
    ov: &Value,
    twins: Option<&crate::v3::Twins>,
) -> Result<Vec<Operation>, String> {
    let mut id_over = op_renames(ov, "ids", "id")?;
    let mut name_over = op_renames(ov, "methods", "method")?;
    let mut idem_over = op_set(ov, "idempotent")?;
    let mut used = BTreeSet::new();
    let mut ops = vec![];
    let mut problems = vec![];
    for (file, spec) in specs {
        if file == "common" {
            continue;
        }
        for (path, item) in entries(&spec["paths"]) {
            for http in HTTP {
                let Some(op) = item.get(http) else { continue };
                let opkey = format!("{http} {path}");
                let at = format!("{file}: {opkey}");
                let Some(spec_id) = s(op, "operationId").filter(|x| !x.is_empty()) else {
                    problems.push(format!("{at}: no operationId"));
                    continue;
                };
                let (feature, service, twin) = match twins {
                    Some(t) => t.place(file, http, path, spec_id),
                    None => (file.clone(), service_name(file), None),
                };
                let id = id_over
                    .remove(&(file.clone(), opkey.clone()))
                    .unwrap_or_else(|| spec_id.to_owned());
                let method = name_over
                    .remove(&(file.clone(), opkey.clone()))
                    .or_else(|| twin.map(|t| t.method_name.clone()))
                    .unwrap_or_else(|| method_name(spec_id));
                let (version, params) = read_params(op, &at, &mut problems);
                check_placeholders(path, &params, &at, &mut problems);
                let body = op
                    .get("requestBody")
                    .map(|rb| read_body(rb, &at, &mut problems));
                let ok: Vec<(&String, &Value)> = entries(&op["responses"])
                    .into_iter()
                    .filter(|(k, _)| k.starts_with('2'))
                    .collect();
                let Some((st, resp)) = ok.first() else {
                    problems.push(format!("{at}: no success response"));
                    continue;
                };
                let media = resp.pointer("/content/application~1json");
                let response = media.and_then(|m| m.get("schema")).cloned();
                let response_example = media.and_then(|m| {
                    m.get("example").cloned().or_else(|| {
                        m.get("examples").and_then(|e| {
                            entries(e)
                                .first()
                                .and_then(|(_, x)| x.get("value").cloned())
                        })
                    })
                });
                if !used.insert(id.clone()) {
                    problems.push(format!("{at}: duplicate operationId {id}"));
                }
                let Ok(status) = st.parse::<u16>() else {
                    problems.push(format!("{at}: success status {st:?} is not a number"));
                    continue;
                };
                let by_method = matches!(http, "get" | "put" | "delete");
                let listed = idem_over.remove(&(file.clone(), opkey.clone()));
                if listed && by_method {
                    problems.push(format!(
                        "{at}: listed as idempotent, which its method already is"
                    ));
                }
                ops.push(Operation {
                    file: file.clone(),
                    feature,
                    service,
                    method,
                    id,
                    http,
                    path: path.clone(),
                    version,
                    params,
                    body,
                    status,
                    response,
                    response_example,
                    scopes: read_scopes(op),
                    idempotent: by_method || listed,
                    twin: twin.map(|t| {
                        (t.service.clone(), t.method_name.clone(), t.http.clone(), t.path.clone())
                    }),
                });
            }
        }
    }
    for (k, _) in id_over.iter().chain(name_over.iter()) {
        problems.push(format!("override for unknown operation {k:?}"));
    }
    for k in &idem_over {
        problems.push(format!("idempotent override for unknown operation {k:?}"));
    }
    let mut seen = BTreeSet::new();
    for o in &ops {
        if !seen.insert((o.service.clone(), o.method.clone())) {
            problems.push(format!(
                "{}: duplicate method name {}.{}",
                o.file, o.service, o.method
            ));
        }
    }
    if problems.is_empty() {
        Ok(ops)
    } else {
        Err(problems.join("\n"))
    }
}

/// The documented `Version` header value and the params callers pass.
fn read_params(op: &Value, at: &str, problems: &mut Vec<String>) -> (Option<String>, Vec<Param>) {
    let mut version = None;
    let mut params: Vec<Param> = vec![];
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = s(p, "name").filter(|n| !n.is_empty()) else {
            problems.push(format!("{at}: parameter without a name: {p}"));
            continue;
        };
        let loc = match s(p, "in") {
            Some("path") => "path",
            Some("query") => "query",
            Some("header") => "header",
            other => {
                problems.push(format!("{at}: parameter {name} in {other:?}"));
                continue;
            }
        };
        // Two v3 operations spell the header `version`: header names are
        // case-insensitive, so it is the same header.
        if loc == "header" && name.eq_ignore_ascii_case("Version") {
            version = p
                .pointer("/schema/enum/0")
                .and_then(Value::as_str)
                .map(str::to_owned);
            continue;
        }
        if loc == "header" && name == "Authorization" {
            continue;
        }
        let key = sdk_camel(name);
        if params.iter().any(|q| q.key == key) {
            problems.push(format!("{at}: duplicate parameter key {key}"));
        }
        let example = p
            .get("example")
            .or_else(|| p.pointer("/schema/example"))
            .cloned();
        params.push(Param {
            key,
            name: name.to_owned(),
            loc,
            required: loc == "path" || p.get("required") == Some(&Value::Bool(true)),
            schema: p
                .get("schema")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({})),
            example,
            comma: loc == "query" && p.get("explode") == Some(&Value::Bool(false)),
        });
    }
    (version, params)
}

/// Every `{placeholder}` must be a declared path param, and vice versa.
fn check_placeholders(path: &str, params: &[Param], at: &str, problems: &mut Vec<String>) {
    let mut holes = BTreeSet::new();
    for part in path.split('{').skip(1) {
        holes.insert(part.split('}').next().unwrap_or_default().to_owned());
    }
    let declared: BTreeSet<String> = params
        .iter()
        .filter(|p| p.loc == "path")
        .map(|p| p.name.clone())
        .collect();
    if holes != declared {
        problems.push(format!(
            "{at}: path placeholders {holes:?} but path params {declared:?}"
        ));
    }
}

fn read_body(rb: &Value, at: &str, problems: &mut Vec<String>) -> ReqBody {
    let content = entries(&rb["content"]);
    if content.len() != 1 {
        problems.push(format!("{at}: {} request content types", content.len()));
    }
    let empty = String::new();
    let (ct, media) = content.first().copied().unwrap_or((&empty, &Value::Null));
    let kind = match ct.as_str() {
        "application/json" => "json",
        "application/x-www-form-urlencoded" => "form",
        "multipart/form-data" => "multipart",
        other => {
            problems.push(format!("{at}: request content type {other}"));
            "json"
        }
    };
    let schema = media.get("schema").cloned();
    if schema.is_none() {
        problems.push(format!("{at}: request body without schema"));
    }
    ReqBody {
        kind,
        required: rb.get("required") == Some(&Value::Bool(true)),
        schema,
    }
}

/// OAuth scopes of all security requirements, sorted and deduplicated.
fn read_scopes(op: &Value) -> Vec<String> {
    let mut scopes = BTreeSet::new();
    for req in op
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for (_, list) in entries(req) {
            for sc in list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                scopes.insert(sc.to_owned());
            }
        }
    }
    scopes.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn specs(paths: Value) -> BTreeMap<String, Value> {
        BTreeMap::from([("contacts".to_owned(), json!({ "paths": paths }))])
    }

    #[test]
    fn reads_an_operation() {
        let ops = collect_ops(
            &specs(json!({ "/contacts/{contactId}": { "get": {
                "operationId": "get-contact",
                "parameters": [
                    { "name": "Version", "in": "header", "schema": { "enum": ["2021-07-28"] } },
                    { "name": "contactId", "in": "path", "schema": { "type": "string" } },
                    { "name": "location_id", "in": "query", "required": true, "schema": { "type": "string" } }
                ],
                "responses": { "200": {} }
            } } })),
            &json!({}),
            None,
        )
        .expect("valid");
        let o = &ops[0];
        assert_eq!(
            (o.service.as_str(), o.method.as_str()),
            ("contacts", "getContact")
        );
        assert_eq!(o.version.as_deref(), Some("2021-07-28"));
        let keys: Vec<_> = o
            .params
            .iter()
            .map(|p| (p.key.as_str(), p.loc, p.required))
            .collect();
        assert_eq!(
            keys,
            [("contactId", "path", true), ("locationId", "query", true)]
        );
        assert!(o.body.is_none());
    }

    #[test]
    fn spec_flaws_are_errors_not_panics() {
        let err = collect_ops(
            &specs(json!({
                "/a": { "get": { "responses": { "200": {} } } },
                "/b/{id}": { "post": {
                    "operationId": "b",
                    "parameters": [{ "in": "query" }],
                    "responses": { "2XX": {} }
                } },
                "/c": { "get": { "operationId": "c", "responses": { "404": {} } } }
            })),
            &json!({}),
            None,
        )
        .err()
        .expect("invalid");
        for want in [
            "contacts: get /a: no operationId",
            "contacts: post /b/{id}: parameter without a name",
            "contacts: post /b/{id}: path placeholders",
            "contacts: post /b/{id}: success status \"2XX\" is not a number",
            "contacts: get /c: no success response",
        ] {
            assert!(err.contains(want), "{want:?} not in:\n{err}");
        }
    }
}
