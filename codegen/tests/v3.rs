//! The v3 table: counts, names carried over from v2, Version per operation,
//! comma-separated query arrays, token pagination, and the committed files.
use highlevel_codegen::{path_shape as shape, AdvanceRow, OpRow};
use std::collections::{BTreeMap, BTreeSet};

mod common;
use common::{out, out_v3, repo};

fn op(id: &str) -> &'static OpRow {
    out_v3()
        .ops
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no v3 op {id}"))
}

#[test]
fn counts_and_versions() {
    require_specs_v3!();
    let ops = &out_v3().ops;
    assert_eq!(ops.len(), 627);
    let v = |x: Option<&str>| ops.iter().filter(|o| o.version.as_deref() == x).count();
    // 501 declare `Version: v3`, two more a lowercase `version: v3` header
    assert_eq!(
        (v(Some("v3")), v(Some("2021-07-28")), v(None)),
        (503, 94, 30)
    );
    for (http, path) in [
        ("GET", "/phone-system/numbers/location/{locationId}"),
        (
            "POST",
            "/phone-system/numbers/location/{locationId}/purchase",
        ),
    ] {
        let o = ops
            .iter()
            .find(|o| o.http == http && o.path == path)
            .expect(path);
        assert_eq!(o.version.as_deref(), Some("v3"), "{path}");
        assert!(
            o.params
                .iter()
                .all(|p| !p.1.eq_ignore_ascii_case("version")),
            "{path}: version is not a param"
        );
    }
    let ids: BTreeSet<_> = ops.iter().map(|o| &o.id).collect();
    assert_eq!(ids.len(), 627, "operation ids are unique");
    let names: BTreeSet<_> = ops.iter().map(|o| (&o.service, &o.method_name)).collect();
    assert_eq!(names.len(), 627, "service.method names are unique");
}

/// An operation both versions have (same method and path) keeps v2's
/// service and method name; its path-param keys are its own placeholders.
#[test]
fn names_follow_v2() {
    require_specs_v3!();
    let v2: BTreeMap<(String, String), &OpRow> = out()
        .ops
        .iter()
        .map(|o| ((o.http.clone(), shape(&o.path)), o))
        .collect();
    let mut shared = 0;
    for o in &out_v3().ops {
        let Some(t) = v2.get(&(o.http.clone(), shape(&o.path))) else {
            continue;
        };
        shared += 1;
        assert_eq!(
            (&o.service, &o.method_name),
            (&t.service, &t.method_name),
            "{} {}",
            o.http,
            o.path
        );
        for p in o.params.iter().filter(|p| p.2 == "path") {
            assert!(o.path.contains(&format!("{{{}}}", p.1)), "{} {}", o.id, p.1);
        }
    }
    assert_eq!(shared, 540);
    // renamed paths, same operationId
    assert_eq!(
        (
            op("get-location-access-token").service.as_str(),
            op("get-location-access-token").method_name.as_str()
        ),
        ("oauth", "getLocationAccessToken")
    );
    assert_eq!(
        op("get-installed-location").path,
        "/oauth/installed-locations"
    );
    assert_eq!(op("delete-chat-widget").service, "chatWidget");
    let md = std::fs::read_to_string(repo().join("codegen/NAMES-v3.md")).unwrap_or_default();
    assert!(md.contains("`oauth.getInstalledLocation` | GET `/oauth/installed-locations` | v3 | `oauth.getInstalledLocation` (GET `/oauth/installedLocations`)"), "NAMES-v3.md");
}

#[test]
fn comma_arrays_and_token_pages() {
    require_specs_v3!();
    assert_eq!(op("fb-get-reporting").comma, ["fields"], "v3 fields comma-separated");
    assert_eq!(op("listAvailableNumbersForACountry").comma, ["numberTypes"]);
    let v2 = |id: &str| {
        out()
            .ops
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.comma.clone())
            .unwrap_or_default()
    };
    for id in ["fb-get-reporting", "google-get-reporting"] {
        assert_eq!(v2(id), ["fields"], "v2 {id}: explode: false");
    }
    assert!(v2("li-get-ad-analytics").is_empty(), "v2 follows its spec only");
    let p = op("get-installed-location").paging.clone().expect("paged");
    assert!(
        matches!(&p.advance, AdvanceRow::Token(f, path) if f.key == "pageToken" && path == "pagination.nextPageToken"),
        "{p:?}"
    );
    assert_eq!(
        (p.items.as_str(), p.more.as_str()),
        ("items", "pagination.hasNextPage")
    );
}

#[test]
fn checked_in_v3_files_are_current() {
    require_specs_v3!();
    assert_eq!(out_v3().files.len(), 8);
    for (rel, text) in &out_v3().files {
        let on_disk = std::fs::read_to_string(repo().join(rel)).unwrap_or_default();
        assert!(on_disk == *text, "{rel} is stale: run `make generate`");
    }
}
