//! `GET /__sandbox/journal`: every applied mutation in order, and only those.

mod support;

use highlevel_sandbox::seed::{CONTACT_MARCUS, CONTACT_PRIYA, TOKEN, USER_AVA, USER_BEN};
use highlevel_sandbox::Config;
use serde_json::{json, Value};
use std::time::Duration;
use support::{Req, Server};

/// `2026-11-29T11:47:03.123Z`.
fn is_iso(text: &Value) -> bool {
    let Some(t) = text.as_str() else { return false };
    let b = t.as_bytes();
    b.len() == 24
        && t.ends_with('Z')
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && b[10] == b'T'
        && [13, 16].iter().all(|&i| b[i] == b':')
        && b[19] == b'.'
}

#[tokio::test]
async fn applied_mutations_in_order_and_nothing_else() {
    let server = Server::start(Config::default()).await;
    let marcus = format!("/contacts/{CONTACT_MARCUS}");
    let followers = format!("/contacts/{CONTACT_PRIYA}/followers");
    let notes = format!("/contacts/{CONTACT_MARCUS}/notes?trace=t1&ids[]=a&ids[]=b");
    let calls = [
        ("POST", format!("{marcus}/tags"), Some(json!({"tags": ["j1"]})), 201),
        ("GET", marcus.clone(), None, 200),
        ("POST", followers.clone(), Some(json!({"followers": [USER_AVA, USER_BEN]})), 201),
        ("POST", format!("{marcus}/tags"), Some(json!({"tags": []})), 400),
        ("POST", "/contacts/nobody/tags".to_string(), Some(json!({"tags": ["x"]})), 404),
        ("POST", notes.clone(), Some(json!({"body": "hello"})), 201),
        ("DELETE", followers.clone(), Some(json!({"followers": [USER_BEN]})), 200),
    ];
    for (method, path, body, want) in &calls {
        let r = server.api(method, path, body.as_ref()).await;
        assert_eq!(r.status, *want, "{method} {path}: {}", r.raw);
    }
    // Unauthenticated: refused, not journaled.
    let r = server
        .send(&Req::new("POST", "/contacts/x/tags"), Duration::from_secs(5))
        .await
        .answer();
    assert_eq!(r.status, 401);

    let journal = server.journal().await;
    let summary: Vec<(u64, &str, &str)> = journal
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().unwrap_or(0),
                e["operationId"].as_str().unwrap_or(""),
                e["method"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, "add-tags", "POST"),
            (2, "add-followers-contact", "POST"),
            (3, "create-note", "POST"),
            (4, "remove-followers-contact", "DELETE"),
        ]
    );
    let tags = &journal[0];
    assert_eq!(tags["path"], format!("{marcus}/tags"));
    assert_eq!(tags["params"], json!({ "contactId": CONTACT_MARCUS }));
    assert_eq!(tags["body"], json!({ "tags": ["j1"] }));
    assert!(is_iso(&tags["at"]), "{}", tags["at"]);
    let note = &journal[2];
    assert_eq!(note["path"], format!("/contacts/{CONTACT_MARCUS}/notes"));
    assert_eq!(
        note["params"],
        json!({ "contactId": CONTACT_MARCUS, "trace": "t1", "ids": ["a", "b"] })
    );
    assert_eq!(note["body"], json!({ "body": "hello" }));
    let keys: Vec<&String> = journal[3].as_object().map(|o| o.keys().collect()).unwrap_or_default();
    let mut keys: Vec<&str> = keys.into_iter().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["at", "body", "method", "operationId", "params", "path", "seq"]);
    assert!(!serde_json::to_string(&journal).unwrap_or_default().contains(TOKEN));

    // A reset empties it and numbering starts again.
    let r = server
        .send(&Req::new("POST", "/__sandbox/reset"), Duration::from_secs(5))
        .await
        .answer();
    assert_eq!(r.status, 200);
    assert!(server.journal().await.is_empty());
    let r = server
        .api("POST", &format!("{marcus}/tags"), Some(&json!({"tags": ["j2"]})))
        .await;
    assert_eq!(r.status, 201);
    let journal = server.journal().await;
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0]["seq"], 1);
    server.stop().await;
}

#[tokio::test]
async fn concurrent_mutations_are_each_journaled_once() {
    let server = std::sync::Arc::new(Server::start(Config::default()).await);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let path = format!("/contacts/{CONTACT_MARCUS}/notes");
            server.api("POST", &path, Some(&json!({ "body": format!("n{i}") }))).await.status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.ok(), Some(201));
    }
    let journal = server.journal().await;
    let seqs: Vec<u64> = journal.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<u64>>());
    let mut bodies: Vec<String> = journal
        .iter()
        .filter_map(|e| e["body"]["body"].as_str().map(str::to_string))
        .collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 40);
    if let Ok(server) = std::sync::Arc::try_unwrap(server) {
        server.stop().await;
    }
}
