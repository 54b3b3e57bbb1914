//! Native tests of the pagination decisions (`paginate.rs`), on serde_json values.

use super::*;
use crate::table::{self, Method, Param, Paging};
use serde_json::{json, Value as J};

const BASE: &str = "https://services.leadconnectorhq.com";

const fn q(key: &'static str, name: &'static str) -> Param {
    Param { key, name, loc: Loc::Query, required: false, schema: table::NONE, comma: false }
}

static PARAMS: &[Param] = &[
    Param { key: "locationId", name: "locationId", loc: Loc::Path, required: true, schema: table::NONE, comma: false },
    q("locationId2", "location_id"),
    q("limit", "limit"),
    q("skip", "skip"),
    q("page", "page"),
    q("cursor", "cursor"),
    q("startAfterId", "startAfterId"),
    q("ids", "ids"),
];

fn op(paging: &'static Paging) -> Op {
    Op { id: "list", method: Method::Get, path: "/things/{locationId}/list", version: None, params: PARAMS, body: None, idempotent: true, paging: Some(paging), enabled: true }
}

const fn field(key: &'static str) -> Field {
    Field { body: false, key, text: false }
}

fn decide(p: &'static Paging, params: J, body: Option<J>, page: J, seen: u64) -> Result<Step<&'static J>, String> {
    let (params, body, page) = (Box::leak(Box::new(params)), body.map(|b| &*Box::leak(Box::new(b))), Box::leak(Box::new(page)));
    let o = Box::leak(Box::new(op(p)));
    next(o, p, Some(&&*params), body.as_ref(), &&*page, seen, BASE)
}

type Changes = Vec<(String, String)>;

fn changes(s: Result<Step<&J>, String>) -> (bool, Changes, Changes) {
    match s {
        Ok(Step::Next(n)) => {
            let f = |v: &[(String, Set<&J>)]| v.iter().map(|(k, s)| (k.clone(), canon_set(s))).collect();
            (n.replace, f(&n.params), f(&n.body))
        }
        other => panic!("not a next step: {other:?}"),
    }
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

static OFFSET: Paging = Paging { advance: Advance::Offset(field("skip")), items: "users", total: "", more: "" };
static OFFSET_TOTAL: Paging = Paging { advance: Advance::Offset(Field { body: true, key: "skip", text: true }), items: "data.users", total: "meta.total", more: "" };

#[test]
fn offset_advances_by_the_items_received_and_ends_on_an_empty_page() {
    let page = json!({ "users": [1, 2, 3] });
    assert_eq!(changes(decide(&OFFSET, json!({ "limit": 3 }), None, page.clone(), 3)), (false, vec![kv("skip", "3")], vec![]));
    assert_eq!(changes(decide(&OFFSET, json!({ "skip": "30" }), None, page, 33)), (false, vec![kv("skip", "33")], vec![]));
    assert_eq!(decide(&OFFSET, json!({}), None, json!({ "users": [] }), 0), Ok(Step::End));
    // a body field typed as a string gets text; the total ends the walk
    let page = json!({ "data": { "users": [1, 2] }, "meta": { "total": 5 } });
    match decide(&OFFSET_TOTAL, json!({}), Some(json!({ "skip": 2 })), page.clone(), 4) {
        Ok(Step::Next(n)) => assert_eq!(n.body, vec![("skip".to_owned(), Set::Text("4".into()))]),
        other => panic!("{other:?}"),
    }
    assert_eq!(decide(&OFFSET_TOTAL, json!({}), Some(json!({ "skip": 3 })), page, 5), Ok(Step::End));
}

#[test]
fn a_page_without_its_items_array_is_an_error_not_an_end() {
    let e = decide(&OFFSET, json!({}), None, json!({ "contacts": [] }), 0).err().unwrap_or_default();
    assert!(e.contains("no `users` array"), "{e}");
    static ROOT: Paging = Paging { advance: Advance::Offset(field("skip")), items: "", total: "", more: "" };
    assert_eq!(changes(decide(&ROOT, json!({}), None, json!([1, 2]), 2)).1, vec![kv("skip", "2")]);
}

static PAGE: Paging = Paging { advance: Advance::Page(field("page"), 1), items: "items", total: "", more: "meta.nextPage" };
static PAGE0: Paging = Paging { advance: Advance::Page(Field { body: true, key: "page", text: false }, 0), items: "items", total: "", more: "hasMore" };

#[test]
fn page_advances_by_one_and_a_more_flag_ends_it() {
    let page = json!({ "items": [1], "meta": { "nextPage": 2 } });
    assert_eq!(changes(decide(&PAGE, json!({}), None, page.clone(), 1)).1, vec![kv("page", "2")]);
    assert_eq!(changes(decide(&PAGE, json!({ "page": 7 }), None, page, 1)).1, vec![kv("page", "8")]);
    assert_eq!(decide(&PAGE, json!({}), None, json!({ "items": [1], "meta": { "nextPage": null } }), 1), Ok(Step::End));
    assert_eq!(changes(decide(&PAGE0, json!({}), Some(json!({})), json!({ "items": [1], "hasMore": true }), 1)).2, vec![kv("page", "1")]);
    assert_eq!(decide(&PAGE0, json!({}), Some(json!({})), json!({ "items": [1], "hasMore": false }), 1), Ok(Step::End));
}

static CURSOR: Paging = Paging {
    advance: Advance::Cursor(&[(Field { body: false, key: "cursor", text: true }, Src::Page("nextCursor"))]),
    items: "messages",
    total: "",
    more: "",
};
static AFTER: Paging = Paging {
    advance: Advance::Cursor(&[(Field { body: true, key: "searchAfter", text: false }, Src::LastItem("searchAfter"))]),
    items: "contacts",
    total: "total",
    more: "",
};

#[test]
fn cursor_from_the_page() {
    let page = |c: J| json!({ "messages": [{}], "nextCursor": c });
    assert_eq!(changes(decide(&CURSOR, json!({}), None, page(json!("abc")), 1)).1, vec![kv("cursor", "abc")]);
    assert_eq!(decide(&CURSOR, json!({}), None, page(J::Null), 1), Ok(Step::End));
    let e = decide(&CURSOR, json!({ "cursor": "abc" }), None, page(json!("abc")), 2).err().unwrap_or_default();
    assert!(e.contains("does not advance") && e.contains("cursor=abc"), "{e}");
}

#[test]
fn cursor_from_the_last_item() {
    let page = json!({ "contacts": [{ "searchAfter": [1, "a"] }, { "searchAfter": [2, "b"] }], "total": 9 });
    match decide(&AFTER, json!({}), Some(json!({ "pageLimit": 2 })), page.clone(), 2) {
        Ok(Step::Next(n)) => assert_eq!(n.body, vec![("searchAfter".to_owned(), Set::Copy(&json!([2, "b"])))]),
        other => panic!("{other:?}"),
    }
    let e = decide(&AFTER, json!({}), Some(json!({ "searchAfter": [2, "b"] })), page, 4).err().unwrap_or_default();
    assert!(e.contains("does not advance"), "{e}");
    let e = decide(&AFTER, json!({}), Some(json!({})), json!({ "contacts": [{}] }), 1).err().unwrap_or_default();
    assert!(e.contains("no `searchAfter`"), "{e}");
}

static TOKEN: Paging = Paging { advance: Advance::Token(Field { body: false, key: "cursor", text: true }, "pagination.nextPageToken"), items: "items", total: "", more: "" };

#[test]
fn page_token_is_sent_back_until_none_comes() {
    let page = |t: J| json!({ "items": [{ "id": 1 }], "pagination": { "nextPageToken": t } });
    assert_eq!(changes(decide(&TOKEN, json!({ "limit": 1 }), None, page(json!("eyJza2lwIjoxfQ")), 1)), (false, vec![kv("cursor", "eyJza2lwIjoxfQ")], vec![]));
    // no token, a null or an empty one: the last page
    for end in [J::Null, json!("")] {
        assert_eq!(decide(&TOKEN, json!({}), None, page(end), 1), Ok(Step::End));
    }
    assert_eq!(decide(&TOKEN, json!({}), None, json!({ "items": [{}] }), 1), Ok(Step::End));
    assert_eq!(decide(&TOKEN, json!({}), None, json!({ "items": [], "pagination": { "nextPageToken": "t" } }), 0), Ok(Step::End));
    let e = decide(&TOKEN, json!({ "cursor": "t2" }), None, page(json!("t2")), 2).err().unwrap_or_default();
    assert!(e.contains("does not advance") && e.contains("cursor=t2"), "{e}");
    assert!(decide(&TOKEN, json!({}), None, json!({ "pagination": {} }), 0).is_err(), "no items array");
}

static URL: Paging = Paging { advance: Advance::NextUrl("meta.nextPageUrl"), items: "items", total: "meta.total", more: "" };

fn url_step(params: J, url: &str) -> Result<Step<&'static J>, String> {
    decide(&URL, params, None, json!({ "items": [1], "meta": { "nextPageUrl": url, "total": 100 } }), 1)
}

#[test]
fn next_page_url_on_the_base_origin_becomes_the_params() {
    let params = json!({ "locationId": "L1", "location_id": "x", "limit": 1, "skip": 5 });
    let url = "https://Services.LeadConnectorHQ.com:443/things/L1/list?location_id=L9&startAfterId=a%20b&limit=1&q=&bogus=1&ids[]=x&ids[]=y";
    let (replace, p, b) = changes(url_step(params, url));
    assert!(replace && b.is_empty());
    assert_eq!(p, vec![kv("locationId", "L1"), kv("locationId2", "L9"), kv("startAfterId", "a b"), kv("limit", "1"), kv("ids", "[x,y]")]);
    // http for the https base's own host: the API builds its URLs behind TLS termination
    assert!(changes(url_step(json!({ "locationId": "L1" }), "http://services.leadconnectorhq.com/things/L1/list?page=2")).0);
    // a relative URL is on the base origin
    assert!(changes(url_step(json!({ "locationId": "L1" }), "/things/L1/list?page=2")).0);
    assert_eq!(url_step(json!({}), "").map(|_| ()), decide(&URL, json!({}), None, json!({ "items": [1], "meta": {} }), 1).map(|_| ()));
}

#[test]
fn next_page_url_elsewhere_or_repeating_is_refused() {
    for (url, want) in [
        ("https://evil.example/things/L1/list?page=2", "not on the base URL's origin"),
        ("https://services.leadconnectorhq.com:8443/things/L1/list?page=2", "not on the base URL's origin"),
        ("http://services.leadconnectorhq.com:443/things/L1/list?page=2", "not on the base URL's origin"),
        ("https://services.leadconnectorhq.com@evil.example/things/L1/list", "not an http(s) URL"),
        ("//evil.example/things/L1/list", "not an http(s) URL"),
        ("javascript:alert(1)", "not an http(s) URL"),
        ("https://services.leadconnectorhq.com/other/L1/list?page=2", "points at /other/L1/list"),
        ("https://services.leadconnectorhq.com/things/L1/list?page=1", "does not advance"),
    ] {
        let e = url_step(json!({ "locationId": "L1", "page": 1 }), url).err().unwrap_or_default();
        assert!(e.contains(want), "{url}: {e}");
    }
}

#[test]
fn helpers() {
    assert_eq!(decode("a%2Fb+c%zz%4"), "a/b c%zz%4");
    assert_eq!(origin("HTTP://h:80/x").map(|o| o.0), Some("http://h".to_owned()));
    assert_eq!(origin("http://h:8787?x").map(|o| o.0), Some("http://h:8787".to_owned()));
    assert!(same_route("/a/{id}/b", "/a/x%20y/b/") && !same_route("/a/{id}/b", "/a//b"));
    let j = json!({ "b": [1, 2.5, "x"], "a": true });
    assert_eq!(canon(&&j), "{a:true,b:[1,2.5,x]}");
}

/// Every paged row of the generated table names fields its operation has
/// and sources the next page can carry.
#[test]
fn generated_rows_are_consistent() {
    let mut n = 0;
    for op in table::OPS.iter().filter(|o| o.enabled) {
        let Some(p) = op.paging else { continue };
        n += 1;
        let fields: Vec<&Field> = match &p.advance {
            Advance::Offset(f) | Advance::Page(f, _) | Advance::Token(f, _) => vec![f],
            Advance::Cursor(c) => c.iter().map(|x| &x.0).collect(),
            Advance::NextUrl(u) => {
                assert!(!u.is_empty(), "{}", op.id);
                vec![]
            }
        };
        for f in fields {
            if f.body {
                assert!(op.body.is_some(), "{}: body field {} without a body", op.id, f.key);
            } else {
                assert!(op.params.iter().any(|x| x.loc == Loc::Query && x.key == f.key), "{}: no query param {}", op.id, f.key);
            }
        }
    }
    assert!(n >= 60, "{n} paged operations");
    if cfg!(feature = "v3") {
        let token = table::find_op("get-installed-location").and_then(|o| o.1.paging).map(|p| matches!(p.advance, Advance::Token(..)));
        assert_eq!(token, Some(true));
    } else {
        let contacts = table::find_op("get-contacts").and_then(|o| o.1.paging).map(|p| p.items);
        assert_eq!(contacts, Some("contacts"));
    }
}

/// Garbage in, an answer out: no page or params shape makes the decision panic.
#[test]
fn never_panics_on_odd_input() {
    let pages = [
        json!(null),
        json!([]),
        json!({}),
        json!("text"),
        json!({ "contacts": "x", "users": 5, "meta": [] }),
        json!({ "contacts": [null, 1, "a", [], {}], "meta": { "nextPageUrl": 7, "total": "many", "startAfterId": {} } }),
        json!({ "opportunities": [{}], "meta": { "nextPageUrl": "http://[::1", "nextPage": "yes" } }),
        json!({ "messages": [{}], "nextCursor": [1, { "a": null }], "hasMore": 1, "lastMessageId": 1e300 }),
        json!({ "conversations": [{ "sort": [] }], "total": -1 }),
        json!({ "data": { "knowledgeBases": [{}], "lastKnowledgeBaseId": "" } }),
    ];
    let params = [json!(null), json!({}), json!({ "skip": "NaN", "page": -1e308, "offset": [], "cursor": {} }), json!([1, 2])];
    let bases = [BASE, "", "not a url", "https://h:99999/x/y?z#w"];
    for op in table::OPS.iter().filter(|o| o.paging.is_some()) {
        let Some(p) = op.paging else { continue };
        for page in &pages {
            for params in &params {
                for base in bases {
                    let _ = next(op, p, Some(&params), Some(&params), &page, u64::MAX, base);
                    let _ = items(p, page);
                }
            }
        }
    }
}
