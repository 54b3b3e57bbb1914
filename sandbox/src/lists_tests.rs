//! Each served list walked to the end with the client's own decision
//! (`highlevel_wasm::paginate`), natively: every record once, in order.

use super::*;
use highlevel_wasm::paginate::{next, Set, Step};
use highlevel_wasm::table::find_op;
use std::collections::BTreeSet;

const HOST: &str = "127.0.0.1:8787";

/// Applies the decision's changes the way `paginate.js` does.
fn apply(to: &mut Map<String, Value>, changes: Vec<(String, Set<&Value>)>) {
    for (k, v) in changes {
        let v = match v {
            Set::Number(n) => json!(n),
            Set::Text(t) => json!(t),
            Set::List(l) => json!(l),
            Set::Copy(v) => v.clone(),
        };
        to.insert(k, v);
    }
}

/// Query text for `params`, wire names from the table.
fn query(op: &Op, params: &Map<String, Value>) -> String {
    let mut out = vec![];
    for p in op.params {
        match params.get(p.key) {
            Some(Value::String(s)) => out.push(format!("{}={s}", p.name)),
            Some(v) => out.push(format!("{}={v}", p.name)),
            None => {}
        }
    }
    out.join("&")
}

/// Walks `op_id` from `params`/`body`; the ids seen, page by page.
fn walk(op_id: &str, params: Value, body: Value) -> (Vec<String>, usize) {
    let (_, op) = find_op(op_id).expect("op in the table"); // ok: test only
    let paging = op.paging.expect("a paged operation"); // ok: test only
    let (mut params, mut body) = (params.as_object().cloned().unwrap_or_default(), body);
    let (mut ids, mut pages) = (vec![], 0);
    loop {
        let reply = list(op_id, &query(op, &params), &body, HOST).expect("served");
        assert_eq!(reply.status, 200);
        let page = reply.body.unwrap_or_default();
        pages += 1;
        let items = highlevel_wasm::paginate::at(&&page, paging.items).and_then(Value::as_array).cloned().unwrap_or_default();
        ids.extend(items.iter().filter_map(|i| i["id"].as_str().map(str::to_owned)));
        let (p, b) = (Value::Object(params.clone()), body.clone());
        let has_body = !b.is_null();
        match next(op, paging, Some(&&p), has_body.then_some(&&b), &&page, ids.len() as u64, &format!("http://{HOST}")).expect("walk goes on") {
            Step::End => return (ids, pages),
            Step::Next(n) => {
                if n.replace {
                    params.clear();
                }
                apply(&mut params, n.params);
                if let Value::Object(b) = &mut body {
                    apply(b, n.body);
                }
            }
        }
        assert!(pages < 1000, "no end");
    }
}

fn check(op_id: &str, params: Value, body: Value, want: usize, max_pages: usize) {
    let (ids, pages) = walk(op_id, params, body);
    assert_eq!(ids.len(), want, "{op_id}");
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), want, "{op_id}: an id twice");
    assert!(pages <= max_pages, "{op_id}: {pages} pages");
}

#[test]
fn every_list_walks_to_its_seeded_count() {
    let loc = LOCATION_ID;
    check("get-contacts", json!({ "locationId": loc, "limit": 40 }), Value::Null, CONTACTS, 8);
    check("search-contacts-advanced", Value::Null, json!({ "locationId": loc, "pageLimit": 100 }), CONTACTS, 4);
    check("search-opportunity", json!({ "locationId": loc, "limit": 25, "status": "open" }), Value::Null, OPPORTUNITIES, 6);
    let body = json!({ "locationId": loc, "query": "", "limit": 50, "page": 1, "searchAfter": [], "additionalDetails": {} });
    check("search-opportunities-advanced", Value::Null, body, OPPORTUNITIES, 4);
    check("search-conversation", json!({ "locationId": loc, "limit": 7 }), Value::Null, CONVERSATIONS, 10);
    check("search-conversation", json!({ "locationId": loc, "limit": 7, "sort": "asc" }), Value::Null, CONVERSATIONS, 10);
    check("search-users", json!({ "companyId": "c1", "limit": 9 }), Value::Null, USERS, 6);
}

#[test]
fn the_world_keeps_the_seeded_records() {
    let w = world();
    assert_eq!((w.contacts.len(), w.opportunities.len(), w.conversations.len(), w.users.len()), (CONTACTS, OPPORTUNITIES, CONVERSATIONS, USERS));
    for id in [seed::CONTACT_JORDAN, seed::CONTACT_PRIYA, seed::CONTACT_MARCUS] {
        assert!(w.contacts.iter().any(|c| c.id == id && c.json["locationId"] == LOCATION_ID), "{id}");
    }
    assert!(w.opportunities.iter().any(|o| o.id == seed::OPPORTUNITY_ID));
    assert!(w.users.iter().any(|u| u.id == seed::USER_AVA));
    assert!(w.contacts.iter().chain(&w.users).all(|r| r.id.len() == 20 && r.id.bytes().all(|b| b.is_ascii_alphanumeric())));
}

#[test]
fn next_page_url_keeps_filters_and_ends() {
    let page = |q: &str| list("search-opportunity", q, &Value::Null, HOST).and_then(|r| r.body).unwrap_or_default();
    let first = page(&format!("location_id={LOCATION_ID}&status=open&limit=100"));
    let url = first["meta"]["nextPageUrl"].as_str().unwrap_or_default().to_owned();
    assert!(url.starts_with("http://127.0.0.1:8787/opportunities/search?") && url.contains("status=open") && url.contains("page=2"), "{url}");
    let second = page(url.split_once('?').map_or("", |x| x.1));
    assert_eq!(second["opportunities"].as_array().map(Vec::len), Some(20));
    assert_eq!((second["meta"]["nextPageUrl"].clone(), second["meta"]["nextPage"].clone()), (Value::Null, Value::Null));
    // another location is not this world's: the canned answer stays
    assert!(list("get-contacts", "locationId=other", &Value::Null, HOST).is_none());
}
