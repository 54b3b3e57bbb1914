//! The journal: every mutation the sandbox applied, in order, so a test can
//! prove that nothing was applied twice and nothing was lost
//! (`GET /__sandbox/journal`). Pure: the HTTP layer records an entry at the one
//! point where a request is known applied, and passes the time in.
//!
//! Entries hold no headers (so never a token); form bodies (the `/oauth` ops,
//! which carry client secrets) are recorded as `null`.

use crate::generic::pairs_object;
use serde_json::{json, Value};
use std::collections::VecDeque;

/// Entries kept; older ones are dropped first (`seq` keeps counting, so a
/// reader can tell). Bounds memory for long benchmark runs.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// 1, 2, 3… in the order the mutations were applied.
    pub seq: u64,
    pub operation_id: &'static str,
    pub method: String,
    /// The concrete request path, without the query.
    pub path: String,
    /// Path parameters (by template name) and query parameters, as one object.
    pub params: Value,
    /// The parsed JSON body, or `null`.
    pub body: Value,
    /// ISO 8601 time the mutation was applied.
    pub at: String,
}

impl Entry {
    pub fn to_json(&self) -> Value {
        json!({
            "seq": self.seq,
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "params": self.params,
            "body": self.body,
            "at": self.at,
        })
    }
}

/// What a request contributes to an entry, before it gets its `seq`.
pub struct Applied<'a> {
    pub operation_id: &'static str,
    pub method: &'a str,
    pub path: &'a str,
    pub path_params: &'a [(&'static str, String)],
    pub query: Option<&'a str>,
    pub body: &'a [u8],
    pub at: String,
}

#[derive(Debug)]
pub struct Journal {
    entries: VecDeque<Entry>,
    next_seq: u64,
    max: usize,
}

impl Default for Journal {
    fn default() -> Self {
        Journal::with_max(MAX_ENTRIES)
    }
}

/// Whether an answer means the request was applied: a mutation (not GET)
/// that got a 2xx.
pub fn is_applied(method: &str, status: u16) -> bool {
    method != "GET" && (200..300).contains(&status)
}

/// Query parameters first, then path parameters (a path parameter wins a clash).
pub fn params_json(path_params: &[(&'static str, String)], query: Option<&str>) -> Value {
    let mut out = pairs_object(query.unwrap_or(""));
    for (name, value) in path_params {
        out.insert((*name).to_string(), Value::String(value.clone()));
    }
    Value::Object(out)
}

/// The body as JSON, or `null` when empty or not JSON (form, multipart).
pub fn body_json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

impl Journal {
    pub fn with_max(max: usize) -> Self {
        Journal {
            entries: VecDeque::new(),
            next_seq: 1,
            max: max.max(1),
        }
    }

    /// Appends one applied mutation and returns it (for whatever else reacts
    /// to applied mutations, such as webhook delivery).
    pub fn record(&mut self, a: Applied) -> &Entry {
        if self.entries.len() >= self.max {
            self.entries.pop_front();
        }
        let entry = Entry {
            seq: self.next_seq,
            operation_id: a.operation_id,
            method: a.method.to_string(),
            path: a.path.to_string(),
            params: params_json(a.path_params, a.query),
            body: body_json(a.body),
            at: a.at,
        };
        self.next_seq += 1;
        self.entries.push_back(entry);
        &self.entries[self.entries.len() - 1]
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    pub fn to_json(&self) -> Value {
        Value::Array(self.entries.iter().map(Entry::to_json).collect())
    }

    /// Empties the journal and restarts `seq` at 1 (`POST /__sandbox/reset`).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.next_seq = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied<'a>(path: &'a str, params: &'a [(&'static str, String)], body: &'a [u8]) -> Applied<'a> {
        Applied {
            operation_id: "add-tags",
            method: "POST",
            path,
            path_params: params,
            query: Some("locationId=L1&ids[]=a&ids[]=b"),
            body,
            at: "2026-01-02T03:04:05.006Z".to_string(),
        }
    }

    #[test]
    fn records_in_order_with_the_documented_shape() {
        let mut j = Journal::default();
        let params = [("contactId", "c 1".to_string())];
        let first = j.record(applied("/contacts/c%201/tags", &params, br#"{"tags":["x"]}"#)).clone();
        assert_eq!(
            first.to_json(),
            json!({
                "seq": 1,
                "operationId": "add-tags",
                "method": "POST",
                "path": "/contacts/c%201/tags",
                "params": {"locationId": "L1", "ids": ["a", "b"], "contactId": "c 1"},
                "body": {"tags": ["x"]},
                "at": "2026-01-02T03:04:05.006Z",
            })
        );
        j.record(applied("/x", &[], b"a=1&client_secret=s"));
        let all = j.to_json();
        assert_eq!(all[1]["seq"], 2);
        assert_eq!(all[1]["body"], Value::Null);
        j.clear();
        assert_eq!(j.to_json(), json!([]));
        assert_eq!(j.record(applied("/x", &[], b"")).seq, 1);
    }

    #[test]
    fn keeps_the_newest_entries_when_full() {
        let mut j = Journal::with_max(2);
        for _ in 0..3 {
            j.record(applied("/x", &[], b"null"));
        }
        let seqs: Vec<u64> = j.entries().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![2, 3]);
    }

    #[test]
    fn applied_means_a_2xx_mutation() {
        assert!(is_applied("POST", 201));
        assert!(is_applied("DELETE", 204));
        assert!(!is_applied("GET", 200));
        assert!(!is_applied("POST", 422));
        assert!(!is_applied("PUT", 302));
    }
}
