//! API v3 beside v2 on the same host: a request is matched against both
//! operation tables and, where both have its route, the `Version` header
//! picks the table (v3's `Version: v3`, v2's `2021-07-28`/`2021-04-15`); a
//! route only one table has is that table's. v3 rows are checked against
//! v3's schemas and answered from v3's documented responses.

use crate::routes::{match_in, method_from_str, Matched};
use highlevel_wasm::table::{self, v3, Op, OPS};

/// Which table a matched operation is from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    V2,
    V3,
}

/// The operation `method path` means, given the request's `Version` header.
pub fn match_versioned(method: &str, path: &str, version: Option<&str>) -> Option<(Matched, Api)> {
    route(method, path, version).map(|r| r.0)
}

/// A route and, when both tables have it under the same documented
/// `Version` (`2021-07-28` in both, or none), v3's row as well: the header
/// cannot tell those apart (nor can the API), so `settle` picks by the body.
pub type Route = ((Matched, Api), Option<(Matched, Api)>);

pub fn route(method: &str, path: &str, version: Option<&str>) -> Option<Route> {
    let m = method_from_str(method)?;
    let v2 = match_in(OPS, m, path);
    let v3m = match_in(v3::OPS, m, path);
    let asks = |op: &Op| op.version == version;
    match (v2, v3m) {
        (Some(a), Some(b)) if asks(b.op) && !asks(a.op) => Some(((b, Api::V3), None)),
        (Some(a), Some(b)) if a.op.version == b.op.version => {
            Some(((a, Api::V2), Some((b, Api::V3))))
        }
        (Some(a), _) => Some(((a, Api::V2), None)),
        (None, Some(b)) => Some(((b, Api::V3), None)),
        (None, None) => None,
    }
}

/// Of a tied route, v2's row unless only v3's accepts the request (`passes`).
pub fn settle(route: Route, passes: impl Fn(&Matched, Api) -> bool) -> (Matched, Api) {
    match route {
        (first, Some(other)) if !passes(&first.0, first.1) && passes(&other.0, other.1) => other,
        (first, _) => first,
    }
}

/// Runs `f` with the schema indices of `api`'s table (the validator reads
/// them through `table::schema`).
pub fn with_table<R>(api: Api, f: impl FnOnce() -> R) -> R {
    match api {
        Api::V2 => f(),
        Api::V3 => table::with_schemas(v3::SCHEMAS, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(method: &str, path: &str, version: Option<&str>) -> Option<(&'static str, Api)> {
        match_versioned(method, path, version).map(|(m, api)| (m.op.id, api))
    }

    #[test]
    fn the_version_header_picks_the_table_where_routes_coincide() {
        // both tables: v2 by its own version, v3 by `v3`
        assert_eq!(
            pick("GET", "/contacts/c1", Some("2021-07-28")).map(|x| x.1),
            Some(Api::V2)
        );
        assert_eq!(
            pick("GET", "/contacts/c1", Some("v3")).map(|x| x.1),
            Some(Api::V3)
        );
        // no header, or a wrong one: v2's row (whose Version check then answers)
        assert_eq!(
            pick("GET", "/contacts/c1", None).map(|x| x.1),
            Some(Api::V2)
        );
        // only in v3 (a kebab-case path), only in v2 (its camel-case one)
        assert_eq!(
            pick("POST", "/oauth/location-token", Some("v3")),
            Some(("get-location-access-token", Api::V3))
        );
        assert_eq!(
            pick("POST", "/oauth/locationToken", Some("2021-07-28")).map(|x| x.1),
            Some(Api::V2)
        );
        assert_eq!(
            pick("GET", "/chat-widget/list", None).map(|x| x.1),
            Some(Api::V3)
        );
        assert!(pick("GET", "/nowhere", Some("v3")).is_none());
    }

    #[test]
    fn a_tie_goes_to_the_table_whose_check_passes() {
        // both document 2021-07-28 for Facebook custom audiences
        let r = route(
            "PUT",
            "/ad-publishing/facebook/custom-audience/a1",
            Some("2021-07-28"),
        );
        let Some(r @ (_, Some(_))) = r else {
            panic!("a tie: {r:?}")
        };
        let v2_only = |_: &Matched, api: Api| api == Api::V2;
        let v3_only = |_: &Matched, api: Api| api == Api::V3;
        let both = |_: &Matched, _: Api| true;
        assert_eq!(settle(clone(&r), v2_only).1, Api::V2);
        assert_eq!(settle(clone(&r), both).1, Api::V2);
        assert_eq!(settle(r, v3_only).1, Api::V3);
    }

    fn clone(r: &Route) -> Route {
        let c = |m: &Matched| Matched {
            op: m.op,
            params: m.params.clone(),
        };
        ((c(&r.0 .0), r.0 .1), r.1.as_ref().map(|x| (c(&x.0), x.1)))
    }
}
