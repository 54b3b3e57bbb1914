//! Table-driven dispatch: an incoming (method, path) is matched against the
//! path templates of `highlevel_wasm::table::OPS`, and the operation id picks a
//! stateful handler from `HANDLERS`. Every other row is answered generically
//! from the table (`generic`), so routing needs no change as the table grows.

use crate::body;
use crate::reply::Reply;
use crate::state::{add_to_set, remove_from_set, Enrollment, State};
use highlevel_wasm::table::{Method, Op, OPS};
use serde_json::json;
use std::collections::HashMap;

/// An operation matched by path, with its decoded path parameters.
#[derive(Debug)]
pub struct Matched {
    pub op: &'static Op,
    pub params: Params,
}

pub fn method_from_str(m: &str) -> Option<Method> {
    Some(match m {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `%XX` decoding of one path segment (`+` stays `+`); a malformed escape is
/// kept literally, invalid UTF-8 is replaced.
pub fn percent_decode(seg: &str) -> String {
    let b = seg.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decoded path parameters, in template order.
pub type Params = Vec<(&'static str, String)>;

/// Matches one template; returns the parameters and a specificity key
/// (literal segments beat placeholders, left to right).
fn match_template(template: &'static str, segs: &[&str]) -> Option<(Params, Vec<bool>)> {
    // Templates written with a trailing slash (`/contacts/`) match with or without it.
    let tsegs: Vec<&'static str> = template
        .trim_start_matches('/')
        .trim_end_matches('/')
        .split('/')
        .collect();
    if tsegs.len() != segs.len() {
        return None;
    }
    let mut params = Vec::new();
    let mut key = Vec::with_capacity(segs.len());
    for (t, s) in tsegs.iter().zip(segs) {
        if let Some(name) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            if s.is_empty() {
                return None;
            }
            params.push((name, percent_decode(s)));
            key.push(false);
        } else if t == s {
            key.push(true);
        } else {
            return None;
        }
    }
    Some((params, key))
}

/// Finds the operation for a request in `ops` (one trailing slash tolerated).
pub fn match_in(ops: impl IntoIterator<Item = &'static Op>, method: Method, path: &str) -> Option<Matched> {
    let path = if path.len() > 1 {
        path.strip_suffix('/').unwrap_or(path)
    } else {
        path
    };
    let segs: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    ops.into_iter()
        .filter(|op| op.method == method)
        .filter_map(|op| {
            match_template(op.path, &segs).map(|(params, key)| (key, Matched { op, params }))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, m)| m)
}

pub fn match_route(method: &str, path: &str) -> Option<Matched> {
    match_in(OPS, method_from_str(method)?, path)
}

/// What a handler gets: the decoded path parameters, the raw body and "now".
pub struct Call<'a> {
    pub params: &'a [(&'static str, String)],
    pub body: &'a [u8],
    /// RFC 3339 timestamp of this request.
    pub now: &'a str,
}

impl Call<'_> {
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

pub type Handler = fn(&mut State, &Call) -> Reply;

/// Operation id → handler. Existence of the addressed record is checked
/// before the body (404 wins over 400/422).
pub static HANDLERS: &[(&str, Handler)] = &[
    ("add-followers-contact", add_followers_contact),
    ("remove-followers-contact", remove_followers_contact),
    ("add-tags", add_tags),
    ("remove-tags", remove_tags),
    ("add-contact-to-workflow", add_contact_to_workflow),
    ("add-followers-opportunity", add_followers_opportunity),
    ("remove-followers-opportunity", remove_followers_opportunity),
    ("get-contact", get_contact),
];

pub fn handlers() -> HashMap<&'static str, Handler> {
    HANDLERS.iter().copied().collect()
}

const CONTACT_NOT_FOUND: &str = "Contact not found";
const OPPORTUNITY_NOT_FOUND: &str = "Opportunity not found";

/// Adding or removing followers is the same for contacts and opportunities:
/// a set update, a touched timestamp when anything changed, and the full list
/// with what changed (201 for an add, 200 for a removal, as the seed pages say).
fn update_followers(followers: &mut Vec<String>, stamp: &mut String, call: &Call, add: bool) -> Reply {
    let wanted = match body::string_list(call.body, "followers") {
        Ok(w) => w,
        Err(e) => return e,
    };
    let changed = if add { add_to_set(followers, &wanted) } else { remove_from_set(followers, &wanted) };
    if !changed.is_empty() {
        *stamp = call.now.to_string();
    }
    let (status, key) = if add { (201, "followersAdded") } else { (200, "followersRemoved") };
    Reply::json(status, json!({ "followers": followers, key: changed }))
}

fn add_followers_contact(state: &mut State, call: &Call) -> Reply {
    match state.contact_mut(call.param("contactId")) {
        Some(c) => update_followers(&mut c.followers, &mut c.date_updated, call, true),
        None => Reply::not_found(CONTACT_NOT_FOUND),
    }
}

fn remove_followers_contact(state: &mut State, call: &Call) -> Reply {
    match state.contact_mut(call.param("contactId")) {
        Some(c) => update_followers(&mut c.followers, &mut c.date_updated, call, false),
        None => Reply::not_found(CONTACT_NOT_FOUND),
    }
}

/// Tags are a set too: 201 with every tag after an add, 200 after a removal.
fn update_tags(state: &mut State, call: &Call, add: bool) -> Reply {
    let Some(contact) = state.contact_mut(call.param("contactId")) else {
        return Reply::not_found(CONTACT_NOT_FOUND);
    };
    let wanted = match body::string_list(call.body, "tags") {
        Ok(w) => w,
        Err(e) => return e,
    };
    let changed = if add { add_to_set(&mut contact.tags, &wanted) } else { remove_from_set(&mut contact.tags, &wanted) };
    if !changed.is_empty() {
        contact.date_updated = call.now.to_string();
    }
    Reply::json(if add { 201 } else { 200 }, json!({ "tags": contact.tags }))
}

fn add_tags(state: &mut State, call: &Call) -> Reply {
    update_tags(state, call, true)
}

fn remove_tags(state: &mut State, call: &Call) -> Reply {
    update_tags(state, call, false)
}

fn add_contact_to_workflow(state: &mut State, call: &Call) -> Reply {
    let contact_id = call.param("contactId");
    let workflow_id = call.param("workflowId");
    if state.contact_mut(contact_id).is_none() {
        return Reply::not_found(CONTACT_NOT_FOUND);
    }
    if state.workflow(workflow_id).is_none() {
        return Reply::not_found("Workflow not found");
    }
    let event_start_time = match body::workflow_event_start(call.body) {
        Ok(t) => t,
        Err(e) => return e,
    };
    state.enrollments.push(Enrollment {
        contact_id: contact_id.to_string(),
        workflow_id: workflow_id.to_string(),
        event_start_time,
        enrolled_at: call.now.to_string(),
    });
    Reply::json(200, json!({ "succeded": true }))
}

fn add_followers_opportunity(state: &mut State, call: &Call) -> Reply {
    match state.opportunity_mut(call.param("id")) {
        Some(o) => update_followers(&mut o.followers, &mut o.updated_at, call, true),
        None => Reply::not_found(OPPORTUNITY_NOT_FOUND),
    }
}

fn remove_followers_opportunity(state: &mut State, call: &Call) -> Reply {
    match state.opportunity_mut(call.param("id")) {
        Some(o) => update_followers(&mut o.followers, &mut o.updated_at, call, false),
        None => Reply::not_found(OPPORTUNITY_NOT_FOUND),
    }
}

fn get_contact(state: &mut State, call: &Call) -> Reply {
    if state.contact_mut(call.param("contactId")).is_none() {
        return Reply::not_found(CONTACT_NOT_FOUND);
    }
    match state.contact(call.param("contactId")) {
        Some(c) => Reply::json(200, json!({ "contact": state.contact_json(c) })),
        None => Reply::not_found(CONTACT_NOT_FOUND),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use highlevel_wasm::table::find_op;

    #[test]
    fn every_handler_names_a_table_row() {
        for (id, _) in HANDLERS {
            assert!(find_op(id).is_some(), "handler for unknown operation {id}");
        }
        assert_eq!(handlers().len(), HANDLERS.len());
    }

    #[test]
    fn matches_seed_routes_with_decoded_params() {
        let m = match_route("POST", "/contacts/abc%20def/followers").map(|m| (m.op.id, m.params));
        assert_eq!(
            m,
            Some((
                "add-followers-contact",
                vec![("contactId", "abc def".to_string())]
            ))
        );
        let m = match_route("POST", "/contacts/c1/workflow/w1/").map(|m| (m.op.id, m.params));
        assert_eq!(
            m,
            Some((
                "add-contact-to-workflow",
                vec![("contactId", "c1".into()), ("workflowId", "w1".into())]
            ))
        );
        assert_eq!(
            match_route("GET", "/contacts/c1").map(|m| m.op.id),
            Some("get-contact")
        );
        // Templates with a trailing slash.
        assert_eq!(
            match_route("GET", "/contacts/").map(|m| m.op.id),
            Some("get-contacts")
        );
        assert_eq!(
            match_route("POST", "/contacts").map(|m| m.op.id),
            Some("create-contact")
        );
        assert_eq!(
            match_route("DELETE", "/opportunities/o1/followers").map(|m| m.op.id),
            Some("remove-followers-opportunity")
        );
    }

    #[test]
    fn rejects_wrong_method_empty_segments_and_extra_segments() {
        assert!(match_route("GET", "/contacts/c1/followers").is_none());
        assert!(match_route("POST", "/contacts//followers").is_none());
        assert!(match_route("GET", "/contacts/c1/x").is_none());
        assert!(match_route("GET", "/").is_none());
        assert!(match_route("GET", "").is_none());
        assert!(match_route("BREW", "/contacts/c1").is_none());
    }

    #[test]
    fn literal_segments_beat_placeholders() {
        const P: &[highlevel_wasm::table::Param] = &[];
        static OPS2: &[Op] = &[
            Op {
                id: "get-contact",
                method: Method::Get,
                path: "/contacts/{contactId}",
                version: None,
                params: P,
                body: None,
                idempotent: true,
                paging: None,
                enabled: true,
            },
            Op {
                id: "search",
                method: Method::Get,
                path: "/contacts/search",
                version: None,
                params: P,
                body: None,
                idempotent: true,
                paging: None,
                enabled: true,
            },
        ];
        assert_eq!(
            match_in(OPS2, Method::Get, "/contacts/search").map(|m| m.op.id),
            Some("search")
        );
        assert_eq!(
            match_in(OPS2, Method::Get, "/contacts/other").map(|m| m.op.id),
            Some("get-contact")
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb%zz%4"), "a/b%zz%4");
        assert_eq!(percent_decode("caf%C3%A9+x"), "café+x");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }
}
