//! Real pages over a seeded world for the list operations the client's
//! auto-pagination walks, one per style the table uses: contacts by
//! `startAfterId`/`startAfter` from `meta` (`get-contacts`) and by each
//! item's `searchAfter` (`search-contacts-advanced`), opportunities by
//! `meta.nextPageUrl` (`search-opportunity`) and by body `page`
//! (`search-opportunities-advanced`), conversations by the last item's sort
//! value (`search-conversation`), users by `skip` (`search-users`).
//!
//! The world is the seeded records of `seed.rs` as they start (same ids)
//! plus generated ones: 250 contacts, 120 opportunities, 60 conversations,
//! 40 users, all deterministic. The pages are served from the generic path
//! (after the request passed the table's checks), which holds no state lock:
//! they show the records as seeded, not later follower or tag changes. The
//! stateful contact handlers take a listed contact into the state on first
//! touch (`world_contact`), so each can be opened, followed and tagged.

use crate::generic::{pairs_object, Incoming};
use crate::reply::Reply;
use crate::seed::{self, LOCATION_ID, PIPELINE_ID};
use highlevel_wasm::table::Op;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

pub const CONTACTS: usize = 250;
pub const OPPORTUNITIES: usize = 120;
pub const CONVERSATIONS: usize = 60;
pub const USERS: usize = 40;

/// `2025-01-15T09:30:00.000Z`, when the seeded records were added.
const SEEDED_MS: u64 = 1_736_933_400_000;

const FIRST: [&str; 12] = ["Alex", "Blake", "Casey", "Dana", "Eli", "Frankie", "Gray", "Harper", "Indy", "Jules", "Kai", "Logan"];
const LAST: [&str; 9] = ["Adams", "Brooks", "Chen", "Duarte", "Evans", "Fischer", "Garcia", "Hughes", "Ito"];

/// One record with its sort key: (milliseconds, id) orders every list.
pub struct Rec {
    pub ms: u64,
    pub id: String,
    pub json: Value,
}

pub struct World {
    pub contacts: Vec<Rec>,
    pub opportunities: Vec<Rec>,
    /// Newest message first, as the API sorts by default.
    pub conversations: Vec<Rec>,
    pub users: Vec<Rec>,
}

fn id(prefix: &str, i: usize) -> String {
    format!("{prefix}{i:016}")
}

fn name(i: usize) -> (&'static str, &'static str) {
    (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()])
}

/// Generated contact number `i` of the world, with its creation time.
fn generated_contact(i: usize) -> (u64, crate::state::Contact) {
    let (first, last) = name(i);
    let ms = SEEDED_MS + (i as u64 + 1) * 60_000;
    let mut c = seed::contact(&id("SbxC", i), first, last, &format!("{}.{}.{i}@example.com", first.to_lowercase(), last.to_lowercase()), &format!("+1555560{i:04}"), "Sandbox Lists Inc");
    c.date_added = crate::datetime::format_millis(ms);
    c.date_updated = c.date_added.clone();
    (ms, c)
}

/// A contact of the listed world that the state does not hold yet (the
/// stateful handlers take it in on first touch, so every listed contact can
/// be opened, followed and tagged).
pub fn world_contact(contact_id: &str) -> Option<crate::state::Contact> {
    let digits = contact_id.strip_prefix("SbxC").filter(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_digit()))?;
    let i: usize = digits.parse().ok()?;
    (i < CONTACTS - seed::seed().contacts.len()).then(|| generated_contact(i).1).filter(|c| c.id == contact_id)
}

fn build() -> World {
    let s = seed::seed();
    let loc = &s.location.id;
    let mut contacts: Vec<Rec> = s.contacts.iter().map(|c| Rec { ms: SEEDED_MS, id: c.id.clone(), json: s.contact_json(c) }).collect();
    for i in 0..CONTACTS - contacts.len() {
        let (ms, c) = generated_contact(i);
        contacts.push(Rec { ms, id: c.id.clone(), json: s.contact_json(&c) });
    }
    contacts.sort_by(|a, b| (a.ms, &a.id).cmp(&(b.ms, &b.id)));
    let mut opportunities: Vec<Rec> = s.opportunities.iter().map(|o| Rec { ms: SEEDED_MS, id: o.id.clone(), json: o.to_json(loc) }).collect();
    for i in 0..OPPORTUNITIES - opportunities.len() {
        let ms = SEEDED_MS + (i as u64 + 1) * 3_600_000;
        let at = crate::datetime::format_millis(ms);
        let contact = contacts.get(i % CONTACTS).map_or("", |c| c.id.as_str());
        let json = json!({
            "id": id("SbxO", i), "name": format!("Deal {i}"), "locationId": loc, "contactId": contact,
            "pipelineId": PIPELINE_ID, "status": "open", "monetaryValue": (i as u64 + 1) * 100,
            "assignedTo": seed::USER_BEN, "followers": [], "createdAt": at, "updatedAt": at,
        });
        opportunities.push(Rec { ms, id: id("SbxO", i), json });
    }
    let conversations = (0..CONVERSATIONS)
        .rev()
        .map(|i| {
            let c = contacts.get(i * 4 % CONTACTS).map(|c| &c.json);
            let field = |k: &str| c.and_then(|c| c.get(k)).cloned().unwrap_or(Value::Null);
            let ms = SEEDED_MS + (i as u64 + 1) * 600_000;
            let json = json!({
                "id": id("SbxV", i), "contactId": field("id"), "locationId": loc,
                "lastMessageBody": format!("Message {i}"), "lastMessageType": "TYPE_SMS", "type": "TYPE_PHONE",
                "unreadCount": i % 3, "fullName": field("name"), "contactName": field("name"),
                "email": field("email"), "phone": field("phone"), "lastMessageDate": ms, "sort": [ms],
            });
            Rec { ms, id: id("SbxV", i), json }
        })
        .collect();
    let mut users: Vec<Rec> = s.users.iter().map(|u| Rec { ms: SEEDED_MS, id: u.id.clone(), json: u.to_json() }).collect();
    for i in 0..USERS - users.len() {
        let (first, last) = name(i + 5);
        let u = seed::user(&id("SbxU", i), first, last, &format!("{}.{}.user{i}@example.com", first.to_lowercase(), last.to_lowercase()));
        users.push(Rec { ms: SEEDED_MS + (i as u64 + 1) * 1_000, id: u.id.clone(), json: u.to_json() });
    }
    World { contacts, opportunities, conversations, users }
}

/// The list world, built once.
pub fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(build)
}

/// A number sent as a number or as text.
fn num(v: Option<&Value>) -> Option<f64> {
    let v = v?;
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn text(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A page size: the sent one within 1..=max, else the default.
fn size(v: Option<&Value>, default: usize, max: usize) -> usize {
    num(v).map_or(default, |n| (n.max(1.0) as usize).min(max))
}

/// Where a page starts in `recs`: after the (ms, id) cursor when one is sent,
/// after the record with that id alone, else at `(page - 1) * limit`.
fn start(recs: &[&Rec], after_ms: Option<f64>, after_id: Option<&str>, page: Option<f64>, limit: usize) -> usize {
    match (after_ms, after_id) {
        (Some(ms), Some(id)) => recs.iter().position(|r| (r.ms as f64, r.id.as_str()) > (ms, id)).unwrap_or(recs.len()),
        (Some(ms), None) => recs.iter().position(|r| r.ms as f64 > ms).unwrap_or(recs.len()),
        (None, Some(id)) => recs.iter().position(|r| r.id == id).map_or(0, |i| i + 1),
        (None, None) => page.map_or(0, |p| (p.max(1.0) as usize - 1).saturating_mul(limit)),
    }
}

fn slice<'a>(recs: &[&'a Rec], from: usize, limit: usize) -> Vec<&'a Rec> {
    recs.iter().skip(from).take(limit).copied().collect()
}

fn jsons(page: &[&Rec]) -> Vec<Value> {
    page.iter().map(|r| r.json.clone()).collect()
}

/// `meta` as the API's opportunity search documents it (`SearchMetaResponseSchema`).
fn meta(total: usize, from: usize, page: &[&Rec], limit: usize, next_url: Option<String>) -> Value {
    let current = from / limit.max(1) + 1;
    let more = from + page.len() < total;
    let last = page.last();
    json!({
        "total": total,
        "nextPageUrl": next_url.filter(|_| more),
        "startAfterId": last.map(|r| r.id.clone()),
        "startAfter": last.map(|r| r.ms),
        "currentPage": current,
        "nextPage": more.then_some(current + 1),
        "prevPage": (current > 1).then(|| current - 1),
    })
}

/// The request's own query with the cursor fields replaced: a next-page URL
/// keeps every filter the caller sent, as the API's does.
fn next_url(host: &str, path: &str, raw_query: &str, last: Option<&&Rec>, page: usize) -> Option<String> {
    let last = last?;
    let mut q: Vec<&str> = raw_query
        .split('&')
        .filter(|p| !p.is_empty() && !["startAfter", "startAfterId", "page"].contains(&p.split('=').next().unwrap_or("")))
        .collect();
    let cursor = format!("startAfter={}&startAfterId={}&page={page}", last.ms, last.id);
    q.push(&cursor);
    Some(format!("http://{host}{path}?{}", q.join("&")))
}

fn contains(r: &Rec, needle: &str) -> bool {
    let n = needle.to_lowercase();
    ["name", "email", "firstName", "lastName"].iter().any(|k| r.json.get(k).and_then(Value::as_str).is_some_and(|v| v.to_lowercase().contains(&n)))
}

fn get_contacts(q: &Map<String, Value>, host: &str, raw: &str) -> Reply {
    let w = world();
    let recs: Vec<&Rec> = w.contacts.iter().filter(|r| text(q.get("query")).is_none_or(|n| contains(r, n))).collect();
    let limit = size(q.get("limit"), 20, 100);
    let from = start(&recs, num(q.get("startAfter")), text(q.get("startAfterId")), None, limit);
    let page = slice(&recs, from, limit);
    let url = next_url(host, "/contacts/", raw, page.last(), from / limit + 2);
    Reply::json(200, json!({ "contacts": jsons(&page), "count": recs.len(), "meta": meta(recs.len(), from, &page, limit, url) }))
}

/// Where a search body's page starts: after its `searchAfter` pair
/// (`[ms, id]`), else at its `page`.
fn body_start(recs: &[&Rec], b: &Value, limit: usize) -> usize {
    let after = b.get("searchAfter").and_then(Value::as_array).filter(|a| a.len() == 2);
    let (ms, id) = (after.and_then(|a| num(a.first())), after.and_then(|a| text(a.get(1))));
    start(recs, ms, id, num(b.get("page")), limit)
}

/// Each contact with the sort key the next search sends back.
fn search_contacts(b: &Value) -> Reply {
    let recs: Vec<&Rec> = world().contacts.iter().collect();
    let limit = size(b.get("pageLimit"), 20, 500);
    let from = body_start(&recs, b, limit);
    let contacts: Vec<Value> = slice(&recs, from, limit)
        .iter()
        .map(|r| {
            let mut c = r.json.clone();
            c["searchAfter"] = json!([r.ms, r.id]);
            c
        })
        .collect();
    Reply::json(200, json!({ "contacts": contacts, "total": recs.len() }))
}

fn search_opportunities(q: &Map<String, Value>, host: &str, raw: &str) -> Reply {
    let recs: Vec<&Rec> = world().opportunities.iter().collect();
    let limit = size(q.get("limit"), 20, 100);
    let from = start(&recs, num(q.get("startAfter")), text(q.get("startAfterId")), num(q.get("page")), limit);
    let page = slice(&recs, from, limit);
    let url = next_url(host, "/opportunities/search", raw, page.last(), from / limit + 2);
    Reply::json(200, json!({ "opportunities": jsons(&page), "meta": meta(recs.len(), from, &page, limit, url), "aggregations": {} }))
}

fn search_opportunities_advanced(b: &Value) -> Reply {
    let recs: Vec<&Rec> = world().opportunities.iter().collect();
    let limit = size(b.get("limit"), 20, 100);
    let from = body_start(&recs, b, limit);
    Reply::json(200, json!({ "opportunities": jsons(&slice(&recs, from, limit)), "total": recs.len(), "aggregations": {} }))
}

/// Newest first by default; `startAfterDate` is the last conversation's sort value.
fn search_conversations(q: &Map<String, Value>) -> Reply {
    let w = world();
    let asc = text(q.get("sort")) == Some("asc");
    let limit = size(q.get("limit"), 20, 100);
    let recs: Vec<&Rec> = if asc { w.conversations.iter().rev().collect() } else { w.conversations.iter().collect() };
    let from = match num(q.get("startAfterDate")) {
        Some(d) => recs.iter().position(|r| if asc { r.ms as f64 > d } else { (r.ms as f64) < d }).unwrap_or(recs.len()),
        None => 0,
    };
    let page: Vec<Value> = recs.iter().skip(from).take(limit).map(|r| r.json.clone()).collect();
    Reply::json(200, json!({ "conversations": page, "total": recs.len() }))
}

fn search_users(q: &Map<String, Value>) -> Reply {
    let recs: Vec<&Rec> = world().users.iter().collect();
    let limit = size(q.get("limit"), 25, 100);
    let from = num(q.get("skip")).map_or(0, |s| s.max(0.0) as usize);
    Reply::json(200, json!({ "users": jsons(&slice(&recs, from, limit)), "count": recs.len() }))
}

/// The page for a list operation this module serves (`None`: not one of them).
pub fn list(op_id: &str, raw_query: &str, body: &Value, host: &str) -> Option<Reply> {
    let q = pairs_object(raw_query);
    let located = |k: &str| q.get(k).and_then(Value::as_str) == Some(LOCATION_ID);
    let reply = match op_id {
        "get-contacts" if located("locationId") => get_contacts(&q, host, raw_query),
        "search-contacts-advanced" => search_contacts(body),
        "search-opportunity" if located("location_id") => search_opportunities(&q, host, raw_query),
        "search-opportunities-advanced" => search_opportunities_advanced(body),
        "search-conversation" if located("locationId") => search_conversations(&q),
        "search-users" => search_users(&q),
        _ => return None,
    };
    Some(reply)
}

/// `list` for a request that passed the generic checks.
pub fn answer(op: &Op, req: &Incoming) -> Option<Reply> {
    let host = req.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let body = serde_json::from_slice::<Value>(req.body).unwrap_or(Value::Null);
    list(op.id, req.query.unwrap_or(""), &body, host)
}

#[cfg(test)]
#[path = "lists_tests.rs"]
mod tests;
