//! TypeScript for webhook events, from the developer docs' pages
//! (`highlevel-docs/webhook-events/*.md`, beside the specs folder): each page's
//! JSON examples, with their flaws fixed by `webhookEvents` in overrides.json,
//! become one interface; all of them one union discriminated by `type`.
//! Field types are inferred from the example values; every field but `type`
//! is optional (an example shows a field, not that it is always sent).

use crate::spec::s;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[path = "webhook_shape.rs"]
mod shape;
use shape::{object_ts, Shape};

pub(crate) const OUT: &str = "pkg-template/generated/webhook-events.d.ts";

/// One documentation page: its description, schemas and examples.
struct Page {
    stem: String,
    about: String,
    schemas: Vec<Value>,
    examples: Vec<Value>,
}

/// Code blocks by the heading above them: "Example…" sections hold examples,
/// the rest (and ```json json_schema blocks) schemas.
fn parse_page(stem: &str, text: &str) -> Result<Page, String> {
    let mut page = Page {
        stem: stem.into(),
        about: String::new(),
        schemas: vec![],
        examples: vec![],
    };
    let mut heading = String::new();
    let mut titled = false;
    let mut block: Option<(bool, String)> = None;
    for line in text.lines() {
        if let Some((is_schema, buf)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                let v = serde_json::from_str::<Value>(buf);
                if *is_schema {
                    // Used only for pages without an example: a broken one is
                    // replaced in overrides.json when it is needed.
                    page.schemas.push(v.unwrap_or(Value::Null));
                } else {
                    page.examples
                        .push(v.map_err(|e| format!("{stem}.md: an example does not parse: {e}"))?);
                }
                block = None;
            } else {
                buf.push_str(line);
                buf.push('\n');
            }
            continue;
        }
        if let Some(tag) = line.trim_start().strip_prefix("```") {
            // A flaw some pages have: "```json{" with the JSON starting on the fence line.
            let (tag, rest) = match tag.find(['{', '[']) {
                Some(i) => tag.split_at(i),
                None => (tag, ""),
            };
            let is_schema =
                tag.contains("json_schema") || !heading.to_lowercase().contains("example");
            block = Some((is_schema, format!("{rest}\n")));
        } else if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_string();
            titled = true;
        } else if titled
            && page.about.is_empty()
            && !line.trim().is_empty()
            && !line.starts_with("---")
        {
            page.about = line.trim().trim_start_matches("- ").to_string();
        }
    }
    Ok(page)
}

/// A value shaped like a schema, for pages that document only a schema.
fn from_schema(schema: &Value) -> Value {
    let ty = match schema.get("type") {
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).unwrap_or(""),
        Some(Value::String(t)) => t.as_str(),
        _ => "",
    };
    match ty {
        "object" => Value::Object(
            schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), from_schema(v)))
                .collect(),
        ),
        "array" => Value::Array(schema.get("items").map(from_schema).into_iter().collect()),
        "string" | "Date" => Value::String(String::new()),
        "number" | "integer" => Value::from(0),
        "boolean" => Value::Bool(false),
        _ => Value::Null,
    }
}

fn set_at(root: &mut Value, at: &str, value: Value) -> Result<(), String> {
    let mut v = root;
    let segs: Vec<&str> = at.split('/').collect();
    let (last, parents) = segs.split_last().ok_or("empty at")?;
    for seg in parents {
        v = v
            .as_object_mut()
            .ok_or_else(|| format!("cannot enter {seg:?}"))?
            .entry(seg.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    v.as_object_mut()
        .ok_or_else(|| format!("cannot set {last:?}"))?
        .insert(last.to_string(), value);
    Ok(())
}

/// Applies the `webhookEvents` entries of overrides.json, in order.
fn apply_overrides(pages: &mut BTreeMap<String, Page>, ov: &Value) -> Result<(), String> {
    for entry in ov
        .get("webhookEvents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let fail = |m: &str| format!("webhookEvents override {entry}: {m}");
        if s(entry, "reason").is_none_or(str::is_empty) {
            return Err(fail("missing reason"));
        }
        let file = s(entry, "file").ok_or_else(|| fail("missing file"))?;
        let page = pages.get_mut(file).ok_or_else(|| fail("no such page"))?;
        if let Some(schema) = entry.get("schema") {
            page.schemas = vec![schema.clone()];
        }
        if entry.get("fromSchema").and_then(Value::as_bool) == Some(true) {
            let schema = page
                .schemas
                .first()
                .filter(|v| !v.is_null())
                .ok_or_else(|| fail("the page has no schema that parses"))?;
            page.examples.push(from_schema(schema));
        }
        if let Some(ty) = s(entry, "type") {
            for ex in &mut page.examples {
                set_at(ex, "type", Value::String(ty.into())).map_err(|e| fail(&e))?;
            }
        }
        if let Some(n) = entry.get("example").and_then(Value::as_u64) {
            let n = n as usize;
            if n >= page.examples.len() {
                return Err(fail("no such example"));
            }
            if entry.get("drop").and_then(Value::as_bool) == Some(true) {
                page.examples.remove(n);
            } else if let (Some(at), Some(value)) = (s(entry, "at"), entry.get("value")) {
                set_at(&mut page.examples[n], at, value.clone()).map_err(|e| fail(&e))?;
            } else {
                return Err(fail("an example entry needs drop, or at and value"));
            }
        }
    }
    Ok(())
}

/// An event's fields (without `type` and the envelope), as interface members.
fn fields(page: &Page) -> String {
    let mut shape = Shape::default();
    page.examples.iter().for_each(|e| shape.add(e));
    let body = object_ts(
        shape.object.as_ref().unwrap_or(&BTreeMap::new()),
        0,
        &["type", "timestamp", "webhookId"],
    );
    body.strip_prefix("{\n")
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or("")
        .to_string()
}

/// The name pages with the same fields share: their common prefix up to a
/// word boundary (`ContactCreate`, `ContactUpdate` → `Contact`).
fn shared_name(stems: &[&str]) -> String {
    let first = stems.first().copied().unwrap_or("");
    let mut n = first.len();
    for s in stems {
        n = n.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while n > 0 && !first[n..].starts_with(|c: char| c.is_ascii_uppercase()) && n < first.len() {
        n -= 1;
    }
    let prefix = &first[..n];
    if prefix.is_empty() {
        format!("{first}Shared")
    } else {
        prefix.to_string()
    }
}

fn interface(page: &Page, types: &BTreeSet<String>, shared: Option<&str>, body: &str) -> String {
    let literal = types
        .iter()
        .map(|t| Value::String(t.clone()).to_string())
        .collect::<Vec<_>>()
        .join(" | ");
    let (extends, body) = match shared {
        Some(name) => (format!("WebhookEnvelope, {name}Fields"), ""),
        None => ("WebhookEnvelope".to_string(), body),
    };
    format!(
        "/** {}: {} */\nexport interface {}Event extends {extends} {{\n  type: {literal};\n{body}}}\n",
        page.stem, page.about.replace("*/", "* /"), page.stem
    )
}

/// The generated typings, or nothing when the docs folder is absent.
pub(crate) fn files(
    specs_dir: &Path,
    ov: &Value,
    header: &str,
) -> Result<Vec<(String, String)>, String> {
    let dir = specs_dir.join("../highlevel-docs/webhook-events");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(vec![]);
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let mut pages = BTreeMap::new();
    for n in names {
        let text = std::fs::read_to_string(dir.join(&n)).map_err(|e| format!("{n}: {e}"))?;
        let stem = n.trim_end_matches(".md").to_string();
        pages.insert(stem.clone(), parse_page(&stem, &text)?);
    }
    apply_overrides(&mut pages, ov)?;
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut out = format!(
        "// {header}\n// Webhook events: from the examples of the developer docs' webhook-events pages\n\
         // (same commit), their flaws fixed in codegen/overrides.json (webhookEvents).\n\n\
         /** What every delivery carries besides the event's fields. */\nexport interface WebhookEnvelope {{\n  \
         /** ISO 8601; verifyWebhook refuses it outside options.toleranceSec of now. */\n  timestamp: string;\n  \
         /** Unique per delivery; verifyWebhook's options.seen refuses repeats. */\n  webhookId: string;\n}}\n"
    );
    // Pages with the same fields (Contact*, Invoice*...) share one interface.
    let bodies: BTreeMap<&str, String> = pages
        .values()
        .map(|p| (p.stem.as_str(), fields(p)))
        .collect();
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (stem, body) in &bodies {
        groups.entry(body.as_str()).or_default().push(stem);
    }
    let mut shared: BTreeMap<&str, String> = BTreeMap::new();
    let mut common: Vec<(String, &str, &Vec<&str>)> = groups
        .iter()
        .filter(|(b, s)| s.len() > 1 && !b.is_empty())
        .map(|(b, s)| (shared_name(s), *b, s))
        .collect();
    common.sort();
    for (name, body, stems) in common {
        out.push_str(&format!(
            "\n/** The fields {} share. */\nexport interface {name}Fields {{\n{body}}}\n",
            stems.join(", ")
        ));
        for stem in stems {
            shared.insert(stem, name.clone());
        }
    }
    for page in pages.values() {
        if page.examples.is_empty() {
            return Err(format!(
                "{}.md has no example (add one in overrides.json webhookEvents)",
                page.stem
            ));
        }
        let mut types = BTreeSet::new();
        for ex in &page.examples {
            let t = s(ex, "type").ok_or_else(|| format!("{}.md: an example has no string `type` (fix it in overrides.json webhookEvents)", page.stem))?;
            if let Some(other) = owner
                .insert(t.to_string(), page.stem.clone())
                .filter(|o| *o != page.stem)
            {
                return Err(format!(
                    "{}.md and {other}.md both have events of type {t:?}",
                    page.stem
                ));
            }
            types.insert(t.to_string());
        }
        out.push('\n');
        let body = bodies.get(page.stem.as_str()).map_or("", String::as_str);
        out.push_str(&interface(
            page,
            &types,
            shared.get(page.stem.as_str()).map(String::as_str),
            body,
        ));
    }
    let names: Vec<String> = pages.keys().map(|k| format!("  | {k}Event\n")).collect();
    out.push_str(&format!("\n/** Every documented webhook event, discriminated by `type`. */\nexport type WebhookEvent =\n{};\n", names.concat().trim_end()));
    out.push_str("\nexport type WebhookEventType = WebhookEvent['type'];\n");
    Ok(vec![(OUT.to_string(), out)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_examples_and_types() {
        let md = "# Thing\n\nCalled when a thing happens\n\n#### Schema\n\n```json\n{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}}}\n```\n\n#### Example\n\n```json{\n  \"type\": \"Thing\", \"a-b\": [1, \"x\"], \"o\": {\"k\": null}, \"e\": []\n}\n```\n";
        let page = parse_page("Thing", md).map_err(|e| e.to_string());
        let page = page
            .as_ref()
            .map(|p| (p.about.as_str(), p.schemas.len(), p.examples.len()));
        assert_eq!(page, Ok(("Called when a thing happens", 1, 1)));
        let p = parse_page("Thing", md).unwrap_or_else(|e| panic!("{e}"));
        let ts = interface(
            &p,
            &BTreeSet::from(["Thing".to_string()]),
            None,
            &fields(&p),
        );
        assert_eq!(
            shared_name(&["ContactCreate", "ContactTagUpdate", "ContactUpdate"]),
            "Contact"
        );
        assert_eq!(
            shared_name(&["InvoicePaid", "InvoicePartiallyPaid"]),
            "Invoice"
        );
        assert_eq!(
            shared_name(&["NoteCreate", "TaskCreate"]),
            "NoteCreateShared"
        );
        assert!(ts.contains("type: \"Thing\";"), "{ts}");
        assert!(ts.contains("\"a-b\"?: (string | number)[];"), "{ts}");
        assert!(ts.contains("e?: unknown[];"), "{ts}");
        assert!(ts.contains("o?: {\n    k?: null;\n  };"), "{ts}");
        assert_eq!(from_schema(&p.schemas[0]), serde_json::json!({ "n": 0 }));
    }
}
