//! The documented success of every operation (status and example body), from
//! `generated/responses.json`, which `codegen/` writes indexed like `OPS`.
//! Parsed once; a malformed file is a build problem, reported by `load()`
//! (main exits with the message) and never by a panic while serving.

use highlevel_wasm::table::OPS;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const RAW: &str = include_str!("generated/responses.json");
/// API v3's, indexed like `table::v3::OPS`.
const RAW_V3: &str = include_str!("generated/responses-v3.json");

/// One operation's documented success.
#[derive(Debug, PartialEq)]
pub struct Canned {
    pub status: u16,
    /// `Value::Null` = the spec documents no example: empty body.
    pub example: Value,
}

type Table = HashMap<&'static str, Canned>;

static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
static TABLE_V3: OnceLock<Result<Table, String>> = OnceLock::new();

/// Parses `text` and checks it row by row against `OPS`.
pub fn parse(text: &str) -> Result<Table, String> {
    parse_for(text, OPS)
}

/// Parses `text` and checks it row by row against `ops`.
fn parse_for(text: &str, ops: &'static highlevel_wasm::op_bytes::Ops) -> Result<Table, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let rows = root
        .get("responses")
        .and_then(Value::as_array)
        .ok_or("no \"responses\" array")?;
    if rows.len() != ops.len() {
        return Err(format!(
            "{} rows for {} operations (regenerate with codegen)",
            rows.len(),
            ops.len()
        ));
    }
    let mut table = HashMap::with_capacity(ops.len());
    for (i, (row, op)) in rows.iter().zip(ops).enumerate() {
        if row.get("id").and_then(Value::as_str) != Some(op.id) {
            return Err(format!("row {i} is not operation {}", op.id));
        }
        let status = row
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| (200..300).contains(s))
            .ok_or_else(|| format!("row {i} ({}): status is not a 2xx", op.id))?;
        let example = row.get("example").cloned().unwrap_or(Value::Null);
        if table.insert(op.id, Canned { status, example }).is_some() {
            return Err(format!("operation id {} appears twice", op.id));
        }
    }
    Ok(table)
}

/// The embedded table, parsed on first use.
pub fn load() -> Result<&'static HashMap<&'static str, Canned>, String> {
    TABLE
        .get_or_init(|| parse(RAW))
        .as_ref()
        .map_err(|e| format!("sandbox/src/generated/responses.json: {e}"))
}

/// The documented success of operation `id`, if the table loaded.
pub fn get(id: &str) -> Option<&'static Canned> {
    load().ok()?.get(id)
}

/// The embedded v3 table, parsed on first use.
pub fn load_v3() -> Result<&'static HashMap<&'static str, Canned>, String> {
    TABLE_V3
        .get_or_init(|| parse_for(RAW_V3, highlevel_wasm::table::v3::OPS))
        .as_ref()
        .map_err(|e| format!("sandbox/src/generated/responses-v3.json: {e}"))
}

/// The documented success of v3 operation `id`, if the v3 table loaded.
pub fn get_v3(id: &str) -> Option<&'static Canned> {
    load_v3().ok()?.get(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_covers_every_operation() {
        let table = load().expect("embedded responses.json parses"); // ok: test only
        assert_eq!(table.len(), OPS.len());
        for op in OPS {
            assert!(get(op.id).is_some(), "{}", op.id);
        }
        let v3 = load_v3().expect("embedded responses-v3.json parses"); // ok: test only
        assert_eq!(v3.len(), highlevel_wasm::table::v3::OPS.len());
    }

    #[test]
    fn malformed_files_are_refused_with_a_reason() {
        assert!(parse("nope").is_err());
        assert!(parse("{}").is_err());
        assert!(parse(r#"{"responses":[]}"#)
            .err()
            .is_some_and(|e| e.contains("rows")));
        let mut rows: Vec<Value> = OPS
            .iter()
            .map(|o| serde_json::json!({"id": o.id, "status": 200, "example": null}))
            .collect();
        assert!(parse(&serde_json::json!({ "responses": rows }).to_string()).is_ok());
        rows[3]["status"] = serde_json::json!(404);
        assert!(parse(&serde_json::json!({ "responses": rows }).to_string()).is_err());
        rows[3]["status"] = serde_json::json!(200);
        rows.swap(0, 1);
        assert!(parse(&serde_json::json!({ "responses": rows }).to_string()).is_err());
    }
}
