//! The pagination column: for each list operation, which request field
//! advances, where the items are and how the end shows. Derived from the
//! spec (request fields named like `skip`/`offset`/`page`/`cursor`/`last…Id`,
//! a response with one items array, `meta.nextPageUrl`, totals and "more"
//! flags); `paging` in codegen/overrides.json replaces or removes it where the
//! spec is unclear, each entry with its reason.

use crate::operations::Operation;
use crate::overrides::op_entries;
use crate::spec::s;
use serde_json::Value;
use std::collections::BTreeMap;

/// A request field: a query param (by the key callers pass) or a body field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub body: bool,
    pub key: String,
    /// The spec types it as a string: numbers go as text.
    pub text: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AdvanceRow {
    /// `skip`/`offset`: plus the number of items received.
    Offset(FieldRow),
    /// `page`: plus one; the number of the first page when none was sent.
    Page(FieldRow, u32),
    /// Fields copied from the page (`last: false`, a dotted path in the
    /// response) or from its last item (`last: true`, a path in the item).
    Cursor(Vec<(FieldRow, bool, String)>),
    /// The next request is the URL at this path of the response.
    NextUrl(String),
    /// An opaque token at this path of the response (AIP-158's
    /// `pagination.nextPageToken`) sent back in the field.
    Token(FieldRow, String),
}

/// One operation's pagination (dotted response paths; "" = none / the page itself for `items`).
#[derive(Debug, Clone, PartialEq)]
pub struct PagingRow {
    pub advance: AdvanceRow,
    pub items: String,
    pub total: String,
    pub more: String,
}

impl AdvanceRow {
    /// The style's name, as the README counts them.
    pub fn style(&self) -> &'static str {
        match self {
            AdvanceRow::Offset(_) => "offset",
            AdvanceRow::Page(..) => "page",
            AdvanceRow::Cursor(c) if c.iter().any(|x| x.1) => "cursor from the last item",
            AdvanceRow::Cursor(_) => "cursor from the page",
            AdvanceRow::NextUrl(_) => "next-page URL",
            AdvanceRow::Token(..) => "page token",
        }
    }
}

/// Follows `$ref`s (local or common) and merges `allOf` into one object schema.
fn deref(specs: &BTreeMap<String, Value>, file: &str, v: &Value, depth: u8) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(r) = s(v, "$ref") {
        let (f, ptr) = match r.split_once('#') {
            Some(("", p)) => (file, p),
            Some((_, p)) => ("common", p),
            None => return Value::Null,
        };
        return match specs.get(f).and_then(|j| j.pointer(ptr)) {
            Some(t) => deref(specs, f, t, depth + 1),
            None => Value::Null,
        };
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        let mut props = serde_json::Map::new();
        for part in all {
            if let Some(p) = deref(specs, file, part, depth + 1)
                .get("properties")
                .and_then(Value::as_object)
            {
                props.extend(p.clone());
            }
        }
        return serde_json::json!({ "type": "object", "properties": props });
    }
    // properties resolved a few levels down: enough for `meta.total`, `data.items`
    match v.get("properties").and_then(Value::as_object) {
        Some(p) if depth < 6 => {
            let mut out = v.clone();
            let props: serde_json::Map<String, Value> = p
                .iter()
                .map(|(k, x)| (k.clone(), deref(specs, file, x, depth + 1)))
                .collect();
            out["properties"] = Value::Object(props);
            out
        }
        _ => v.clone(),
    }
}

fn ty(v: &Value) -> &str {
    s(v, "type").unwrap_or("")
}

/// The schema at a dotted path below `root`.
fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(root);
    }
    path.split('.')
        .try_fold(root, |v, k| v.get("properties")?.get(k))
}

/// The one array among `obj`'s properties (not a count typed as an array).
fn sole_array(obj: &Value) -> Option<String> {
    let arrays: Vec<&String> = obj
        .get("properties")?
        .as_object()?
        .iter()
        .filter(|(k, v)| ty(v) == "array" && !matches!(k.as_str(), "total" | "count"))
        .map(|(k, _)| k)
        .collect();
    match arrays.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// Where the items are: the response itself, its one array, or the one array
/// of its one object property holding one (`results.posts`).
fn items_path(resp: &Value) -> Option<String> {
    if ty(resp) == "array" {
        return Some(String::new());
    }
    if let Some(k) = sole_array(resp) {
        return Some(k);
    }
    let nested: Vec<String> = resp
        .get("properties")?
        .as_object()?
        .iter()
        .filter_map(|(k, v)| sole_array(v).map(|a| format!("{k}.{a}")))
        .collect();
    match nested.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The first of `names` present in `resp` (at the top or beside the items)
/// whose type is one of `types`.
fn find(resp: &Value, items: &str, names: &[&str], types: &[&str]) -> String {
    let parent = items.rsplit_once('.').map_or("", |p| p.0);
    for n in names {
        for base in [parent, ""] {
            let path = if base.is_empty() {
                (*n).to_owned()
            } else {
                format!("{base}.{n}")
            };
            if at(resp, &path).is_some_and(|v| types.contains(&ty(v))) {
                return path;
            }
        }
    }
    String::new()
}

/// The pagination derived from the spec alone.
fn derive(specs: &BTreeMap<String, Value>, op: &Operation) -> Option<PagingRow> {
    if !matches!(op.http, "get" | "post") {
        return None;
    }
    let resp = deref(specs, &op.file, op.response.as_ref()?, 0);
    let items = items_path(&resp)?;
    let body = op
        .body
        .as_ref()
        .and_then(|b| b.schema.as_ref())
        .map(|b| deref(specs, &op.file, b, 0));
    // request fields: (field, schema)
    let mut fields: Vec<(FieldRow, Value)> = op
        .params
        .iter()
        .filter(|p| p.loc == "query")
        .map(|p| {
            (
                FieldRow {
                    body: false,
                    key: p.key.clone(),
                    text: ty(&p.schema) == "string",
                },
                p.schema.clone(),
            )
        })
        .collect();
    if let Some(props) = body
        .as_ref()
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object)
    {
        for (k, v) in props {
            fields.push((
                FieldRow {
                    body: true,
                    key: k.clone(),
                    text: ty(v) == "string",
                },
                v.clone(),
            ));
        }
    }
    let field = |names: &[&str]| {
        fields
            .iter()
            .find(|f| names.contains(&f.0.key.as_str()))
            .cloned()
    };
    let parent = items
        .rsplit_once('.')
        .map_or(String::new(), |p| format!("{}.", p.0));
    let advance = if let (Some(f), true) = (
        field(&["pageToken"]),
        at(&resp, "pagination.nextPageToken").is_some(),
    ) {
        AdvanceRow::Token(f.0, "pagination.nextPageToken".into())
    } else if at(&resp, "meta.nextPageUrl").is_some() {
        AdvanceRow::NextUrl("meta.nextPageUrl".into())
    } else if let (Some(f), true) = (field(&["cursor"]), at(&resp, "nextCursor").is_some()) {
        AdvanceRow::Cursor(vec![(f.0, false, "nextCursor".into())])
    } else if let Some((f, path)) = fields.iter().find_map(|(f, _)| {
        // `lastFaqId` sent, `lastFaqId` answered: the page names where to go on
        let echoed = f.key.starts_with("last") && f.key.ends_with("Id");
        let path = format!("{parent}{}", f.key);
        (echoed && !f.body && at(&resp, &path).is_some()).then(|| (f.clone(), path))
    }) {
        AdvanceRow::Cursor(vec![(f, false, path)])
    } else if let Some(f) = field(&["skip", "offset"]) {
        AdvanceRow::Offset(f.0)
    } else if let Some((f, sch)) = field(&["page"]) {
        let first = sch.get("default").and_then(Value::as_u64).unwrap_or(1);
        AdvanceRow::Page(f, u32::try_from(first).unwrap_or(1))
    } else {
        return None;
    };
    Some(PagingRow {
        total: find(
            &resp,
            &items,
            &[
                "total",
                "totalCount",
                "meta.total",
                "pagination.total",
                "pagination.totalRecords",
            ],
            &["number", "integer"],
        ),
        more: find(
            &resp,
            &items,
            &[
                "hasMore",
                "nextPage",
                "pagination.hasMore",
                "pagination.hasNext",
                "pagination.hasNextPage",
                "meta.nextPage",
            ],
            &["boolean", "number", "integer"],
        ),
        advance,
        items,
    })
}

fn field_of(e: &Value, at: &str) -> Result<FieldRow, String> {
    let f = s(e, "field").ok_or_else(|| format!("{at}: needs field"))?;
    let body = match s(e, "in") {
        Some("body") => true,
        Some("query") => false,
        other => return Err(format!("{at}: in must be query or body, got {other:?}")),
    };
    Ok(FieldRow {
        body,
        key: f.to_owned(),
        text: e.get("text") == Some(&Value::Bool(true)),
    })
}

/// One `paging` override: `{ "none": true }`, or the whole row.
fn from_override(e: &Value, at: &str) -> Result<Option<PagingRow>, String> {
    if e.get("none") == Some(&Value::Bool(true)) {
        return Ok(None);
    }
    let path = |k: &str| s(e, k).unwrap_or("").to_owned();
    let advance = match s(e, "style") {
        Some("offset") => AdvanceRow::Offset(field_of(e, at)?),
        Some("page") => AdvanceRow::Page(
            field_of(e, at)?,
            e.get("first").and_then(Value::as_u64).unwrap_or(1) as u32,
        ),
        Some("cursor") => {
            let mut v = vec![];
            for c in e
                .get("from")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let (last, src) = match (s(c, "page"), s(c, "lastItem")) {
                    (Some(p), None) => (false, p),
                    (None, Some(p)) => (true, p),
                    _ => return Err(format!("{at}: each cursor source needs page or lastItem")),
                };
                v.push((field_of(c, at)?, last, src.to_owned()));
            }
            if v.is_empty() {
                return Err(format!("{at}: cursor needs from"));
            }
            AdvanceRow::Cursor(v)
        }
        Some("nextUrl") => AdvanceRow::NextUrl(path("url")),
        Some("token") => AdvanceRow::Token(field_of(e, at)?, path("token")),
        other => return Err(format!("{at}: unknown style {other:?}")),
    };
    Ok(Some(PagingRow {
        advance,
        items: path("items"),
        total: path("total"),
        more: path("more"),
    }))
}

/// Per operation (table order), its pagination: derived, then overridden.
pub(crate) fn paging(
    specs: &BTreeMap<String, Value>,
    ov: &Value,
    ops: &[Operation],
) -> Result<Vec<Option<PagingRow>>, String> {
    let mut over = BTreeMap::new();
    for (k, e) in op_entries(ov, "paging")? {
        let row = from_override(e, &format!("paging override {k:?}"))?;
        if over.insert(k.clone(), row).is_some() {
            return Err(format!("paging override {k:?} listed twice"));
        }
    }
    let rows = ops
        .iter()
        .map(|op| {
            let key = (op.file.clone(), format!("{} {}", op.http, op.path));
            over.remove(&key).unwrap_or_else(|| derive(specs, op))
        })
        .collect();
    match over.keys().next() {
        Some(k) => Err(format!("paging override for unknown operation {k:?}")),
        None => Ok(rows),
    }
}
