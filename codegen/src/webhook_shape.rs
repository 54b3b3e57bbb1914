//! Types inferred from example values: the union of what was seen at each
//! place, rendered as TypeScript (every object field optional).

use serde_json::Value;
use std::collections::BTreeMap;

/// The union of value shapes seen at one place in the examples.
#[derive(Default)]
pub(super) struct Shape {
    null: bool,
    boolean: bool,
    number: bool,
    string: bool,
    array: Option<Box<Shape>>,
    pub(super) object: Option<BTreeMap<String, Shape>>,
}

impl Shape {
    pub(super) fn add(&mut self, v: &Value) {
        match v {
            Value::Null => self.null = true,
            Value::Bool(_) => self.boolean = true,
            Value::Number(_) => self.number = true,
            Value::String(_) => self.string = true,
            Value::Array(items) => {
                let el = self.array.get_or_insert_with(Box::default);
                items.iter().for_each(|i| el.add(i));
            }
            Value::Object(m) => {
                let obj = self.object.get_or_insert_with(BTreeMap::new);
                for (k, v) in m {
                    obj.entry(k.clone()).or_default().add(v);
                }
            }
        }
    }

    fn ts(&self, indent: usize) -> String {
        let mut parts = vec![];
        if self.string {
            parts.push("string".to_string());
        }
        if self.number {
            parts.push("number".to_string());
        }
        if self.boolean {
            parts.push("boolean".to_string());
        }
        if let Some(obj) = &self.object {
            parts.push(object_ts(obj, indent, &[]));
        }
        if let Some(el) = &self.array {
            let inner = el.ts(indent);
            parts.push(if inner.contains(" | ") {
                format!("({inner})[]")
            } else {
                format!("{inner}[]")
            });
        }
        if self.null {
            parts.push("null".to_string());
        }
        if parts.is_empty() {
            "unknown".to_string()
        } else {
            parts.join(" | ")
        }
    }
}

fn key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        k.to_string()
    } else {
        Value::String(k.into()).to_string()
    }
}

pub(super) fn object_ts(obj: &BTreeMap<String, Shape>, indent: usize, skip: &[&str]) -> String {
    let pad = "  ".repeat(indent + 1);
    let fields: Vec<String> = obj
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| format!("{pad}{}?: {};\n", key(k), v.ts(indent + 1)))
        .collect();
    if fields.is_empty() {
        return "Record<string, unknown>".into();
    }
    format!("{{\n{}{}}}", fields.concat(), "  ".repeat(indent))
}
