//! Determinism, counts and the seed operations' rules.
use highlevel_codegen::{run, OpRow, Output, SchemaRow, HEADER};

mod common;
use common::{out, overrides, repo, specs};

fn read_tree(dir: &std::path::Path, o: &Output) -> Vec<(String, Vec<u8>)> {
    o.files
        .iter()
        .map(|(rel, _)| (rel.clone(), std::fs::read(dir.join(rel)).expect("written")))
        .collect()
}

#[test]
fn deterministic() {
    require_specs!();
    let base = std::env::temp_dir().join(format!("highlevel-codegen-test-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    run(&specs(), &overrides(), &a).unwrap();
    run(&specs(), &overrides(), &b).unwrap();
    let o = out();
    let ta = read_tree(&a, o);
    let tb = read_tree(&b, o);
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(ta.len(), 8);
    for ((ra, xa), (rb, xb)) in ta.iter().zip(&tb) {
        assert_eq!(ra, rb);
        assert!(xa == xb, "{ra} differs between runs");
    }
    for ((rel, text), (_, bytes)) in o.files.iter().zip(&ta) {
        assert_eq!(text.as_bytes(), &bytes[..], "{rel}");
        assert!(text.contains(HEADER), "{rel} lacks the header");
    }
}

#[test]
fn checked_in_files_are_current() {
    require_specs!();
    // The committed outputs must be what the generator produces now.
    for (rel, text) in &out().files {
        let on_disk = std::fs::read_to_string(repo().join(rel)).unwrap_or_default();
        assert!(
            on_disk == *text,
            "{rel} is stale: run `cargo run -p highlevel-codegen --release`"
        );
    }
}

#[test]
fn counts() {
    require_specs!();
    let ops = &out().ops;
    assert_eq!(ops.len(), 576);
    let v = |x: Option<&str>| ops.iter().filter(|o| o.version.as_deref() == x).count();
    assert_eq!(v(Some("2021-07-28")), 408);
    assert_eq!(v(Some("2021-04-15")), 139);
    assert_eq!(v(None), 29);
    let by = |m: &str| ops.iter().filter(|o| o.http == m).count();
    assert_eq!(
        (by("GET"), by("POST"), by("DELETE"), by("PUT"), by("PATCH")),
        (246, 165, 80, 72, 13)
    );
    let ids: std::collections::BTreeSet<_> = ops.iter().map(|o| &o.id).collect();
    assert_eq!(ids.len(), 576, "operation ids are unique");
    let names: std::collections::BTreeSet<_> =
        ops.iter().map(|o| (&o.service, &o.method_name)).collect();
    assert_eq!(names.len(), 576, "service.method names are unique");
    let n = out().schemas.len();
    assert!(n < 4000, "{n} schema nodes");
    for o in ops {
        for p in &o.params {
            assert!((p.4 as usize) < n);
            assert!(
                o.path.contains(&format!("{{{}}}", p.1)) == (p.2 == "path"),
                "{} {}",
                o.id,
                p.1
            );
        }
        assert!(o
            .body
            .as_ref()
            .is_none_or(|b| b.2 == u16::MAX || (b.2 as usize) < n));
    }
}

fn op(id: &str) -> &'static OpRow {
    out()
        .ops
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no op {id}"))
}
fn sch(i: u16) -> &'static SchemaRow {
    &out().schemas[i as usize]
}
fn prop(obj: u16, name: &str) -> (u16, bool) {
    let p = sch(obj)
        .props
        .iter()
        .find(|p| p.0 == name)
        .unwrap_or_else(|| panic!("no prop {name}"));
    (p.1, p.2)
}

/// `field` is a required array, min 1 item, of strings with min length 1.
fn strict_list(body: u16, field: &str) {
    let (arr, required) = prop(body, field);
    assert!(required, "{field} required");
    let a = sch(arr);
    assert_eq!((a.ty, a.min_items), ("Array", 1));
    let it = sch(a.items);
    assert_eq!((it.ty, it.min_length, it.format), ("String", 1, "None"));
}

#[test]
fn seeds() {
    require_specs!();
    for (id, http, path, key) in [
        (
            "add-followers-contact",
            "POST",
            "/contacts/{contactId}/followers",
            "contactId",
        ),
        (
            "remove-followers-contact",
            "DELETE",
            "/contacts/{contactId}/followers",
            "contactId",
        ),
        (
            "add-followers-opportunity",
            "POST",
            "/opportunities/{id}/followers",
            "id",
        ),
        (
            "remove-followers-opportunity",
            "DELETE",
            "/opportunities/{id}/followers",
            "id",
        ),
    ] {
        let o = op(id);
        assert_eq!(
            (o.http.as_str(), o.path.as_str(), o.version.as_deref()),
            (http, path, Some("2021-07-28"))
        );
        assert_eq!(o.params[0].0, key);
        assert_eq!(o.params[0].2, "path");
        let b = o.body.as_ref().unwrap();
        assert_eq!((b.0.as_str(), b.1), ("json", true));
        strict_list(b.2, "followers");
    }
    let o = op("add-tags");
    assert_eq!(
        (o.http.as_str(), o.path.as_str()),
        ("POST", "/contacts/{contactId}/tags")
    );
    let b = o.body.as_ref().unwrap();
    assert!(b.1);
    strict_list(b.2, "tags");

    let o = op("add-contact-to-workflow");
    assert_eq!(
        (o.http.as_str(), o.path.as_str()),
        ("POST", "/contacts/{contactId}/workflow/{workflowId}")
    );
    let keys: Vec<_> = o
        .params
        .iter()
        .map(|p| (p.0.as_str(), p.2.as_str(), p.3))
        .collect();
    assert_eq!(
        keys,
        [("contactId", "path", true), ("workflowId", "path", true)]
    );
    let b = o.body.as_ref().unwrap();
    assert_eq!((b.0.as_str(), b.1), ("json", false));
    let (t, req) = prop(b.2, "eventStartTime");
    assert!(!req);
    assert_eq!((sch(t).ty, sch(t).format), ("String", "DateTime"));

    let o = op("get-contact");
    assert_eq!(
        (o.http.as_str(), o.path.as_str(), o.version.as_deref()),
        ("GET", "/contacts/{contactId}", Some("2021-07-28"))
    );
    assert_eq!(o.params.len(), 1);
    assert_eq!(
        (
            o.params[0].0.as_str(),
            o.params[0].1.as_str(),
            o.params[0].3
        ),
        ("contactId", "contactId", true)
    );
    assert!(o.body.is_none());
    assert_eq!(
        (o.service.as_str(), o.method_name.as_str()),
        ("contacts", "getContact")
    );
    for (svc, m, id) in [
        ("contacts", "addFollowersContact", "add-followers-contact"),
        (
            "contacts",
            "addContactToWorkflow",
            "add-contact-to-workflow",
        ),
        ("contacts", "addTags", "add-tags"),
        (
            "opportunities",
            "addFollowersOpportunity",
            "add-followers-opportunity",
        ),
        (
            "opportunities",
            "removeFollowersOpportunity",
            "remove-followers-opportunity",
        ),
    ] {
        assert_eq!(
            (op(id).service.as_str(), op(id).method_name.as_str()),
            (svc, m)
        );
    }
}

#[test]
fn sdk_param_keys() {
    require_specs!();
    let o = out()
        .ops
        .iter()
        .find(|o| o.path == "/opportunities/search" && o.http == "GET")
        .unwrap();
    assert!(o
        .params
        .iter()
        .any(|p| p.0 == "locationId" && p.1 == "location_id"));
}

/// The idempotent column: every GET/PUT/DELETE, the set operations the
/// overrides list (followers, tags), and nothing else that creates.
#[test]
fn idempotent_column() {
    require_specs!();
    for o in &out().ops {
        if matches!(o.http.as_str(), "GET" | "PUT" | "DELETE") {
            assert!(o.idempotent, "{} {}", o.http, o.id);
        }
    }
    for id in [
        "add-followers-contact",
        "remove-followers-contact",
        "add-followers-opportunity",
        "remove-followers-opportunity",
        "add-tags",
        "remove-tags",
        "create-association-contacts",
        "search-contacts-advanced",
    ] {
        assert!(op(id).idempotent, "{id}");
    }
    for id in [
        "create-note",
        "create-contact",
        "upsert-contact",
        "add-contact-to-workflow",
    ] {
        assert!(!op(id).idempotent, "{id}");
    }
}

/// The pagination column: one style per list operation, derived or overridden.
#[test]
fn paging_column() {
    require_specs!();
    use highlevel_codegen::AdvanceRow;
    let style = |id: &str| op(id).paging.as_ref().map(|p| (p.advance.style(), p.items.as_str()));
    assert_eq!(style("get-contacts"), Some(("cursor from the page", "contacts")));
    assert_eq!(style("search-contacts-advanced"), Some(("cursor from the last item", "contacts")));
    assert_eq!(style("search-conversation"), Some(("cursor from the last item", "conversations")));
    assert_eq!(style("search-opportunity"), Some(("next-page URL", "opportunities")));
    assert_eq!(style("search-opportunities-advanced"), Some(("page", "opportunities")));
    assert_eq!(style("search-users"), Some(("offset", "users")));
    assert_eq!(style("export-messages-by-location"), Some(("cursor from the page", "messages")));
    assert_eq!(style("get-contact"), None);
    assert_eq!(style("create-note"), None);
    // phone numbers count pages from 0, as the spec's default says
    assert!(matches!(op("active-numbers").paging.as_ref().map(|p| &p.advance), Some(AdvanceRow::Page(_, 0))));
    let n = out().ops.iter().filter(|o| o.paging.is_some()).count();
    assert!((60..=80).contains(&n), "{n} paged operations");
}
