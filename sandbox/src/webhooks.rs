//! Webhooks from the sandbox, kept apart from the API state: subscriptions
//! (`POST /__sandbox/webhooks { url }`), documented events for the mutations
//! the sandbox applies (contact create/update/delete, tags, followers, notes,
//! workflow enrollment) and for app install/uninstall, each signed with both
//! headers and carrying `timestamp` and `webhookId`; and custom-page user
//! context payloads (`POST /__sandbox/user-context { sharedSecret, user }`).

use crate::datetime::format_millis;
use crate::delivery::{Job, Sender, Target};
use crate::journal::Applied;
use crate::reply::Reply;
use crate::signing;
use crate::state::State;
use axum::body::{to_bytes, Body};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

const BODY_LIMIT: usize = 64 * 1024;

#[derive(Default)]
pub struct Hooks {
    targets: Mutex<Vec<Target>>,
    sender: Sender,
    next: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The public keys, for the start-up summary and `GET /__sandbox/webhooks`.
pub fn public_keys() -> Value {
    match signing::keys() {
        Some(k) => json!({
            "ed25519PublicKey": k.ed25519_pem(),
            "ed25519PublicKeyBase64": k.ed25519_raw_base64(),
            "rsaPublicKey": k.rsa_pem(),
        }),
        None => Value::Null,
    }
}

/// The `/__sandbox/*` paths this module answers.
pub fn owns(path: &str) -> bool {
    path == "/__sandbox/user-context"
        || path == "/__sandbox/webhooks"
        || path.starts_with("/__sandbox/webhooks/")
}

fn bad(message: &str) -> Reply {
    Reply::bad_request(message)
}

fn field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

impl Hooks {
    pub async fn admin(&self, method: &str, path: &str, body: Body, state: &Mutex<State>) -> Reply {
        let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
            return Reply::payload_too_large();
        };
        // Only the POST routes read a body.
        let input: Value = if bytes.is_empty() || method != "POST" {
            json!({})
        } else {
            match serde_json::from_slice(&bytes) {
                Ok(v @ Value::Object(_)) => v,
                _ => return bad("body must be a JSON object"),
            }
        };
        match (method, path) {
            ("POST", "/__sandbox/webhooks") => self.subscribe(&input),
            ("GET", "/__sandbox/webhooks") => Reply::json(
                200,
                json!({
                    "subscriptions": lock(&self.targets).iter().map(|t| t.url.clone()).collect::<Vec<_>>(),
                    "deliveries": *lock(&self.sender.log),
                    "keys": public_keys(),
                }),
            ),
            ("DELETE", "/__sandbox/webhooks") => {
                lock(&self.targets).clear();
                Reply::json(200, json!({ "subscriptions": [] }))
            }
            ("POST", "/__sandbox/webhooks/app-install") => self.app_event("INSTALL", &input, state),
            ("POST", "/__sandbox/webhooks/app-uninstall") => {
                self.app_event("UNINSTALL", &input, state)
            }
            ("POST", "/__sandbox/user-context") => user_context(&input),
            _ => Reply::not_found(&format!("Cannot {method} {path}")),
        }
    }

    fn subscribe(&self, input: &Value) -> Reply {
        let Some(target) = field(input, "url").and_then(Target::parse) else {
            return bad("url must be an http://127.0.0.1:PORT/path URL");
        };
        let mut targets = lock(&self.targets);
        if !targets.contains(&target) {
            targets.push(target.clone());
        }
        Reply::json(
            201,
            json!({ "subscribed": target.url, "keys": public_keys() }),
        )
    }

    /// `INSTALL` / `UNINSTALL` as documented: location level by default,
    /// agency level when `companyId` alone is given.
    fn app_event(&self, kind: &str, input: &Value, state: &Mutex<State>) -> Reply {
        let mut e = Map::new();
        e.insert(
            "appId".into(),
            json!(field(input, "appId").unwrap_or("sandbox-app")),
        );
        let company = field(input, "companyId");
        match (field(input, "locationId"), company) {
            (None, Some(_)) => {}
            (loc, _) => {
                let loc = loc.map_or_else(|| lock(state).location.id.clone(), str::to_string);
                e.insert("locationId".into(), json!(loc));
            }
        }
        if let Some(c) = company {
            e.insert("companyId".into(), json!(c));
        }
        let event = self.emit(kind, e, &format_millis(unix_ms()));
        Reply::json(201, event)
    }

    /// Stamps an event with `type`, `timestamp` and `webhookId`, and queues it.
    fn emit(&self, kind: &str, mut fields: Map<String, Value>, at: &str) -> Value {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        fields.insert("type".into(), json!(kind));
        fields.insert("timestamp".into(), json!(at));
        fields.insert(
            "webhookId".into(),
            json!(format!("sbx-wh-{:08x}-{n:06}", unix_ms() & 0xffff_ffff)),
        );
        let event = Value::Object(fields);
        let targets = lock(&self.targets).clone();
        if !targets.is_empty() {
            self.sender.send(Job {
                event: event.clone(),
                targets,
            });
        }
        event
    }

    /// Called beside the journal entry of every applied mutation.
    pub fn applied(&self, state: &State, a: &Applied) {
        if lock(&self.targets).is_empty() {
            return;
        }
        if let Some((kind, fields)) = event_for(state, a) {
            self.emit(kind, fields, &a.at);
        }
    }
}

fn param<'a>(a: &'a Applied, name: &str) -> &'a str {
    a.path_params
        .iter()
        .find(|(k, _)| *k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The contact as the API shows it, with `extra` fields laid over.
fn contact(state: &State, id: &str, extra: &Value) -> Map<String, Value> {
    let mut m = match state.contact(id).map(|c| state.contact_json(c)) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if let Value::Object(x) = extra {
        for (k, v) in x {
            m.insert(k.clone(), v.clone());
        }
    }
    m.insert("id".into(), json!(id));
    m.insert("locationId".into(), json!(state.location.id));
    m
}

/// Which documented event a mutation makes, if any. Followers and workflow
/// enrollment have no event of their own in the docs: they are contact updates.
fn event_for(state: &State, a: &Applied) -> Option<(&'static str, Map<String, Value>)> {
    let body: Value = serde_json::from_slice(a.body).unwrap_or(Value::Null);
    let contact_id = param(a, "contactId");
    Some(match a.operation_id {
        "create-contact" => {
            let id = format!("sbx{:017}", unix_ms());
            ("ContactCreate", contact(state, &id, &body))
        }
        "update-contact" => ("ContactUpdate", contact(state, contact_id, &body)),
        "delete-contact" => ("ContactDelete", contact(state, contact_id, &Value::Null)),
        "add-followers-contact"
        | "remove-followers-contact"
        | "add-contact-to-workflow"
        | "delete-contact-from-workflow" => {
            ("ContactUpdate", contact(state, contact_id, &Value::Null))
        }
        "add-tags" => ("ContactTagUpdate", contact(state, contact_id, &Value::Null)),
        "remove-tags" => {
            // Not kept in the state: the event shows the tags without the removed ones.
            let gone: Vec<&str> = body
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut m = contact(state, contact_id, &Value::Null);
            if let Some(Value::Array(tags)) = m.get_mut("tags") {
                tags.retain(|t| !t.as_str().is_some_and(|t| gone.contains(&t)));
            }
            ("ContactTagUpdate", m)
        }
        "create-note" | "update-note" | "delete-note" => {
            let kind = match a.operation_id {
                "create-note" => "NoteCreate",
                "update-note" => "NoteUpdate",
                _ => "NoteDelete",
            };
            let id = match param(a, "id") {
                "" => format!("sbxnote{:013}", unix_ms()),
                id => id.to_string(),
            };
            let mut m = Map::new();
            m.insert("locationId".into(), json!(state.location.id));
            m.insert("id".into(), json!(id));
            m.insert("contactId".into(), json!(contact_id));
            m.insert(
                "body".into(),
                body.get("body").cloned().unwrap_or(json!("")),
            );
            m.insert("dateAdded".into(), json!(a.at));
            (kind, m)
        }
        _ => return None,
    })
}

/// `{ sharedSecret, user }` → `{ payload }` in CryptoJS's format, as HighLevel
/// hands it to a custom page. The secret is used, never echoed or logged.
fn user_context(input: &Value) -> Reply {
    let Some(secret) = field(input, "sharedSecret") else {
        return bad("sharedSecret must be a non-empty string");
    };
    let Some(user @ Value::Object(_)) = input.get("user") else {
        return bad("user must be an object");
    };
    let payload = signing::cryptojs_encrypt(&user.to_string(), secret, signing::random_salt());
    Reply::json(200, json!({ "payload": payload }))
}

/// The start-up lines: where to subscribe and the keys deliveries are signed with.
pub fn summary_text() -> String {
    let Some(k) = signing::keys() else {
        return "\n  webhooks:    signing keys unavailable".to_string();
    };
    format!(
        "\n  webhooks:    POST /__sandbox/webhooks {{\"url\":\"http://127.0.0.1:PORT/path\"}}, POST /__sandbox/user-context\n  \
         ed25519:     {} (x-ghl-signature; base64 of the raw key)\n  rsa:         {}",
        k.ed25519_raw_base64(),
        k.rsa_pem().lines().filter(|l| !l.starts_with("-----")).collect::<String>()
    )
}
