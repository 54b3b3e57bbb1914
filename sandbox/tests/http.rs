//! HTTP behaviour of the sandbox, in-process through `tower::ServiceExt::oneshot`
//! (plus one test over real loopback sockets for concurrency).

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request};
use axum::Router;
use highlevel_sandbox::ratelimit::Limits;
use highlevel_sandbox::seed::*;
use highlevel_sandbox::{router, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

const V: &str = "2021-07-28";

fn app() -> Router {
    router(Config::default())
}

fn app_with_burst(burst: u32) -> Router {
    router(Config {
        limits: Limits {
            burst,
            interval_ms: 60_000,
            daily: 1_000,
        },
        ..Config::default()
    })
}

struct Resp {
    status: u16,
    headers: HeaderMap,
    body: Value,
    raw: String,
}

impl Resp {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The body without the per-response `traceId`.
    fn plain(&self) -> Value {
        let mut b = self.body.clone();
        if let Value::Object(m) = &mut b {
            m.remove("traceId");
        }
        b
    }
}

async fn send(
    app: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Resp {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let body = if raw.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&raw).expect("json body")
    };
    Resp {
        status,
        headers,
        body,
        raw,
    }
}

fn auth() -> String {
    format!("Bearer {TOKEN}")
}

/// An authenticated API call with the documented Version header.
async fn api(app: &Router, method: &str, path: &str, body: Option<Value>) -> Resp {
    let a = auth();
    let text = body.map(|b| b.to_string());
    send(
        app,
        method,
        path,
        &[("authorization", &a), ("version", V)],
        text.as_deref(),
    )
    .await
}

fn assert_common_headers(r: &Resp) {
    for h in [
        "x-ratelimit-max",
        "x-ratelimit-interval-milliseconds",
        "x-ratelimit-remaining",
        "x-ratelimit-limit-daily",
        "x-ratelimit-daily-remaining",
        "x-request-id",
    ] {
        assert!(!r.header(h).is_empty(), "missing {h} on {}", r.status);
    }
    assert_eq!(r.header("access-control-allow-origin"), "*");
    assert!(r
        .header("access-control-expose-headers")
        .contains("X-RateLimit-Remaining"));
    assert!(!r.raw.contains(TOKEN), "token echoed in body");
    for (_, v) in r.headers.iter() {
        assert!(
            !v.to_str().unwrap_or("").contains(TOKEN),
            "token echoed in a header"
        );
    }
}

fn ss(items: &[&str]) -> Value {
    json!(items)
}

#[tokio::test]
async fn unknown_route_is_404_cannot() {
    let app = app();
    let r = send(&app, "GET", "/nope/here?x=1", &[], None).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.plain(),
        json!({"statusCode":404,"message":"Cannot GET /nope/here","error":"Not Found"})
    );
    assert!(r.body["traceId"].is_string());
    assert_common_headers(&r);
    // Known path, wrong method.
    let r = api(
        &app,
        "PUT",
        &format!("/contacts/{CONTACT_JORDAN}/followers"),
        None,
    )
    .await;
    assert_eq!(
        r.plain()["message"],
        format!("Cannot PUT /contacts/{CONTACT_JORDAN}/followers")
    );
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let app = app();
    let path = format!("/contacts/{CONTACT_JORDAN}");
    let want = json!({"statusCode":401,"message":"Invalid token: access token is invalid","error":"Unauthorized"});
    for headers in [
        vec![("version", V)],
        vec![("version", V), ("authorization", "Bearer nope")],
        vec![("version", V), ("authorization", TOKEN)],
    ] {
        let r = send(&app, "GET", &path, &headers, None).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.plain(), want);
        assert_common_headers(&r);
    }
    // The scheme is case-insensitive.
    let lower = format!("bearer {TOKEN}");
    let r = send(
        &app,
        "GET",
        &path,
        &[("version", V), ("authorization", &lower)],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn custom_token_replaces_the_seeded_one() {
    let app = router(Config {
        token: "my-token".into(),
        ..Config::default()
    });
    let path = format!("/contacts/{CONTACT_JORDAN}");
    let r = send(
        &app,
        "GET",
        &path,
        &[("version", V), ("authorization", &auth())],
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    let r = send(
        &app,
        "GET",
        &path,
        &[("version", V), ("authorization", "Bearer my-token")],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(!r.raw.contains("my-token"));
}

#[tokio::test]
async fn version_header_is_required_and_checked() {
    let app = app();
    let a = auth();
    let path = format!("/contacts/{CONTACT_JORDAN}");
    let r = send(&app, "GET", &path, &[("authorization", &a)], None).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["statusCode"], 400);
    assert_eq!(r.body["message"], "Version header was not found");
    assert_common_headers(&r);
    let r = send(
        &app,
        "GET",
        &path,
        &[("authorization", &a), ("version", "2021-04-15")],
        None,
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["statusCode"], 400);
}

#[tokio::test]
async fn add_followers_contact_is_a_set() {
    let app = app();
    let path = format!("/contacts/{CONTACT_JORDAN}/followers");
    let r = api(
        &app,
        "POST",
        &path,
        Some(json!({"followers":[USER_BEN, USER_AVA, USER_BEN]})),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(
        r.body,
        json!({"followers":[USER_AVA, USER_BEN],"followersAdded":[USER_BEN]})
    );
    assert_common_headers(&r);
    let r = api(&app, "POST", &path, Some(json!({"followers":[USER_BEN]}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(
        r.body,
        json!({"followers":[USER_AVA, USER_BEN],"followersAdded":[]})
    );
    // The guide's checklist step 2: GET shows the follower.
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await;
    assert_eq!(r.body["contact"]["followers"], ss(&[USER_AVA, USER_BEN]));
}

#[tokio::test]
async fn remove_followers_contact_ignores_non_followers() {
    let app = app();
    let path = format!("/contacts/{CONTACT_JORDAN}/followers");
    let r = api(
        &app,
        "DELETE",
        &path,
        Some(json!({"followers":[USER_CHLOE, USER_AVA]})),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"followers":[],"followersRemoved":[USER_AVA]})
    );
    assert_common_headers(&r);
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await;
    assert_eq!(r.body["contact"]["followers"], json!([]));
}

#[tokio::test]
async fn add_tags_is_a_set() {
    let app = app();
    let path = format!("/contacts/{CONTACT_JORDAN}/tags");
    let r = api(
        &app,
        "POST",
        &path,
        Some(json!({"tags":["hot lead","vip","hot lead"]})),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.body, json!({"tags":["vip","hot lead"]}));
    assert_common_headers(&r);
    let r = api(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_PRIYA}/tags"),
        Some(json!({"tags":["new"]})),
    )
    .await;
    assert_eq!(r.body, json!({"tags":["new"]}));
    // Removal is a set update too: 200, absent tags ignored.
    let r = api(&app, "DELETE", &path, Some(json!({"tags":["vip","never"]}))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"tags":["hot lead"]}));
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await;
    assert_eq!(r.body["contact"]["tags"], json!(["hot lead"]));
}

#[tokio::test]
async fn listed_contacts_keep_state_too() {
    let app = app();
    let listed = "SbxC0000000000000007";
    let r = api(&app, "GET", &format!("/contacts/{listed}"), None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["contact"]["id"], listed);
    let r = api(&app, "POST", &format!("/contacts/{listed}/tags"), Some(json!({"tags":["listed"]}))).await;
    assert_eq!(r.status, 201);
    let r = api(&app, "GET", &format!("/contacts/{listed}"), None).await;
    assert_eq!(r.body["contact"]["tags"], json!(["listed"]));
    // Past the generated range: unknown.
    let r = api(&app, "GET", "/contacts/SbxC0000000000000249", None).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn workflow_enrollment_is_recorded() {
    let app = app();
    let path = format!("/contacts/{CONTACT_PRIYA}/workflow/{WORKFLOW_ID}");
    let r = api(
        &app,
        "POST",
        &path,
        Some(json!({"eventStartTime":"2021-06-23T03:30:00+01:00"})),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"succeded": true}));
    assert_common_headers(&r);
    let r = api(&app, "POST", &path, None).await;
    assert_eq!(r.status, 200);
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    let e = &s.body["workflowEnrollments"];
    assert_eq!(e.as_array().map(Vec::len), Some(2));
    assert_eq!(e[0]["contactId"], CONTACT_PRIYA);
    assert_eq!(e[0]["workflowId"], WORKFLOW_ID);
    assert_eq!(e[0]["eventStartTime"], "2021-06-23T03:30:00+01:00");
    assert_eq!(e[1]["eventStartTime"], Value::Null);
    assert!(e[0]["enrolledAt"].is_string());
}

#[tokio::test]
async fn workflow_errors() {
    let app = app();
    let r = api(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_PRIYA}/workflow/unknownWorkflow0001"),
        None,
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.plain(),
        json!({"statusCode":404,"message":"Workflow not found","error":"Not Found"})
    );
    let r = api(
        &app,
        "POST",
        &format!("/contacts/nobody/workflow/{WORKFLOW_ID}"),
        None,
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["message"], "Contact not found");
    let path = format!("/contacts/{CONTACT_PRIYA}/workflow/{WORKFLOW_ID}");
    for bad in [
        json!({"eventStartTime": 12}),
        json!({"eventStartTime": "next tuesday"}),
        json!({"eventStartTime": "2021-06-23T03:30:00"}),
    ] {
        let r = api(&app, "POST", &path, Some(bad)).await;
        assert_eq!(r.status, 422);
        assert_eq!(r.body["error"], "Unprocessable Entity");
        assert!(r.body["message"].is_array());
        assert_common_headers(&r);
    }
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.body["workflowEnrollments"], json!([]));
}

#[tokio::test]
async fn opportunity_followers() {
    let app = app();
    let path = format!("/opportunities/{OPPORTUNITY_ID}/followers");
    let r = api(
        &app,
        "POST",
        &path,
        Some(json!({"followers":[USER_CHLOE, USER_BEN]})),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(
        r.body,
        json!({"followers":[USER_BEN, USER_CHLOE],"followersAdded":[USER_CHLOE]})
    );
    let r = api(
        &app,
        "DELETE",
        &path,
        Some(json!({"followers":[USER_BEN, USER_AVA]})),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"followers":[USER_CHLOE],"followersRemoved":[USER_BEN]})
    );
    assert_common_headers(&r);
    let r = api(
        &app,
        "POST",
        "/opportunities/missingOpportunity01/followers",
        Some(json!({"followers":["x"]})),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.plain(),
        json!({"statusCode":404,"message":"Opportunity not found","error":"Not Found"})
    );
    let r = api(
        &app,
        "DELETE",
        "/opportunities/missingOpportunity01/followers",
        Some(json!({"followers":["x"]})),
    )
    .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn get_contact_shape_and_404() {
    let app = app();
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await;
    assert_eq!(r.status, 200);
    let c = &r.body["contact"];
    assert_eq!(c["id"], CONTACT_JORDAN);
    assert_eq!(c["locationId"], LOCATION_ID);
    assert_eq!(c["firstName"], "Jordan");
    assert_eq!(c["lastName"], "Lee");
    assert_eq!(c["name"], "Jordan Lee");
    assert_eq!(c["email"], "jordan.lee@example.com");
    assert!(c["phone"].is_string() && c["dateAdded"].is_string());
    assert_eq!(c["tags"], json!(["vip"]));
    assert_eq!(c["followers"], json!([USER_AVA]));
    assert_common_headers(&r);
    let r = api(&app, "GET", "/contacts/doesNotExist00000000", None).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.plain(),
        json!({"statusCode":404,"message":"Contact not found","error":"Not Found"})
    );
    assert_common_headers(&r);
}

#[tokio::test]
async fn bad_bodies_are_400() {
    let app = app();
    let a = auth();
    let hdrs = [("authorization", a.as_str()), ("version", V)];
    for (path, field) in [
        (format!("/contacts/{CONTACT_JORDAN}/followers"), "followers"),
        (format!("/contacts/{CONTACT_JORDAN}/tags"), "tags"),
        (
            format!("/opportunities/{OPPORTUNITY_ID}/followers"),
            "followers",
        ),
    ] {
        for body in [
            None,
            Some("{}"),
            Some(&*format!("{{\"{field}\":[]}}")),
            Some("not json"),
            Some("[\"a\"]"),
        ] {
            let r = send(&app, "POST", &path, &hdrs, body).await;
            assert_eq!(r.status, 400, "{path} {body:?}");
            assert_eq!(
                r.plain(),
                json!({"statusCode":400,"message":format!("{field} should not be empty"),"error":"Bad Request"})
            );
            assert_common_headers(&r);
        }
    }
    let r = send(
        &app,
        "DELETE",
        &format!("/contacts/{CONTACT_JORDAN}/followers"),
        &hdrs,
        Some("{\"followers\":[]}"),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = send(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_JORDAN}/workflow/{WORKFLOW_ID}"),
        &hdrs,
        Some("{oops"),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn wrongly_typed_fields_are_422() {
    let app = app();
    let path = format!("/contacts/{CONTACT_JORDAN}/followers");
    let r = api(&app, "POST", &path, Some(json!({"followers": USER_BEN}))).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.plain(),
        json!({"statusCode":422,"message":["followers must be an array"],"error":"Unprocessable Entity"})
    );
    assert_common_headers(&r);
    let r = api(
        &app,
        "POST",
        &path,
        Some(json!({"followers": [1, USER_BEN]})),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.body["message"],
        json!(["each value in followers must be a string"])
    );
    let r = api(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_JORDAN}/tags"),
        Some(json!({"tags": [null]})),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.body["message"],
        json!(["each value in tags must be a string"])
    );
    // Nothing changed.
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await;
    assert_eq!(r.body["contact"]["followers"], json!([USER_AVA]));
}

#[tokio::test]
async fn unknown_record_wins_over_bad_body() {
    let app = app();
    let r = api(
        &app,
        "POST",
        "/contacts/nobody/followers",
        Some(json!({"followers": 5})),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["message"], "Contact not found");
}

#[tokio::test]
async fn oversized_body_is_413() {
    let app = app();
    let big = format!("{{\"followers\":[\"{}\"]}}", "a".repeat(2 << 20));
    let a = auth();
    let r = send(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_JORDAN}/followers"),
        &[("authorization", &a), ("version", V)],
        Some(&big),
    )
    .await;
    assert_eq!(r.status, 413);
    assert_common_headers(&r);
}

#[tokio::test]
async fn rate_limit_per_token_with_retry_after() {
    let app = app_with_burst(3);
    let path = format!("/contacts/{CONTACT_JORDAN}");
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = api(&app, "GET", &path, None).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-ratelimit-max"), "3");
        assert_eq!(r.header("x-ratelimit-interval-milliseconds"), "60000");
        assert_eq!(r.header("x-ratelimit-limit-daily"), "1000");
        remaining.push(r.header("x-ratelimit-remaining").to_string());
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let r = api(&app, "GET", &path, None).await;
    assert_eq!(r.status, 429);
    assert_eq!(
        r.plain(),
        json!({"statusCode":429,"message":"Too Many Requests","error":"Too Many Requests"})
    );
    let retry: u64 = r
        .header("retry-after")
        .parse()
        .expect("Retry-After seconds");
    assert!((1..=60).contains(&retry));
    assert_eq!(r.header("x-ratelimit-remaining"), "0");
    assert_eq!(r.header("x-ratelimit-daily-remaining"), "997");
    assert_common_headers(&r);
    // Unauthenticated requests have their own bucket: still a 401, not a 429.
    let r = send(&app, "GET", &path, &[("version", V)], None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.header("x-ratelimit-remaining"), "2");
    // The state endpoint is not limited; reset clears the buckets.
    assert_eq!(
        send(&app, "GET", "/__sandbox/state", &[], None)
            .await
            .status,
        200
    );
    assert_eq!(
        send(&app, "POST", "/__sandbox/reset", &[], None)
            .await
            .status,
        200
    );
    let r = api(&app, "GET", &path, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-ratelimit-remaining"), "2");
}

#[tokio::test]
async fn anonymous_bucket_also_limits() {
    let app = app_with_burst(2);
    for want in [401, 401, 429, 429] {
        let r = send(
            &app,
            "GET",
            "/contacts/x",
            &[("authorization", "Bearer wrong")],
            None,
        )
        .await;
        assert_eq!(r.status, want);
        assert_common_headers(&r);
    }
    // The real token is unaffected.
    assert_eq!(
        api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let app = app();
    let r = send(
        &app,
        "OPTIONS",
        &format!("/contacts/{CONTACT_JORDAN}/followers"),
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "DELETE"),
            (
                "access-control-request-headers",
                "authorization, version, content-type, x-trace",
            ),
        ],
        None,
    )
    .await;
    assert_eq!(r.status, 204);
    assert!(r.raw.is_empty());
    assert_eq!(
        r.header("access-control-allow-methods"),
        "GET,POST,PUT,PATCH,DELETE,OPTIONS"
    );
    let allow = r
        .header("access-control-allow-headers")
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "version",
        "content-type",
        "accept",
        "x-trace",
    ] {
        assert!(allow.split(", ").any(|a| a == h), "{h} not in {allow}");
    }
    assert_common_headers(&r);
    for h in [
        "X-RateLimit-Max",
        "X-RateLimit-Daily-Remaining",
        "x-request-id",
    ] {
        assert!(r.header("access-control-expose-headers").contains(h));
    }
    // Preflights are not counted.
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.body["requestCount"], 0);
}

#[tokio::test]
async fn request_ids_are_unique() {
    let app = app();
    let mut ids = std::collections::HashSet::new();
    for i in 0..50 {
        let r = if i % 2 == 0 {
            api(&app, "GET", &format!("/contacts/{CONTACT_JORDAN}"), None).await
        } else {
            send(&app, "GET", "/nope", &[], None).await
        };
        assert!(ids.insert(r.header("x-request-id").to_string()));
        if r.status >= 400 {
            assert_eq!(r.body["traceId"], r.header("x-request-id"));
        }
    }
}

#[tokio::test]
async fn sandbox_state_and_reset() {
    let app = app();
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.status, 200);
    assert_common_headers(&s);
    assert_eq!(s.body["location"]["id"], LOCATION_ID);
    assert_eq!(s.body["users"].as_array().map(Vec::len), Some(3));
    assert_eq!(s.body["contacts"][0]["followers"], json!([USER_AVA]));
    assert_eq!(s.body["contacts"][0]["tags"], json!(["vip"]));
    assert_eq!(s.body["opportunities"][0]["followers"], json!([USER_BEN]));
    assert_eq!(s.body["workflows"][0]["id"], WORKFLOW_ID);
    let seeded = s.body.clone();

    api(
        &app,
        "POST",
        &format!("/contacts/{CONTACT_MARCUS}/followers"),
        Some(json!({"followers":[USER_CHLOE]})),
    )
    .await;
    send(&app, "GET", "/contacts/x", &[], None).await;
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.body["contacts"][2]["followers"], json!([USER_CHLOE]));
    assert_eq!(s.body["requestCount"], 2);
    assert_eq!(
        s.body["operationCalls"],
        json!({"add-followers-contact": 1})
    );

    let r = send(&app, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    assert_common_headers(&r);
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.body, seeded);
    assert_eq!(
        send(&app, "GET", "/__sandbox/other", &[], None)
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_requests_in_process() {
    let app = router(Config {
        limits: Limits {
            burst: 10_000,
            interval_ms: 60_000,
            daily: 100_000,
        },
        ..Config::default()
    });
    let mut tasks = Vec::new();
    for i in 0..300 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"followers":[format!("follower{:03}", i % 150)]});
            api(
                &app,
                "POST",
                &format!("/contacts/{CONTACT_PRIYA}/followers"),
                Some(body),
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 201);
    }
    let r = api(&app, "GET", &format!("/contacts/{CONTACT_PRIYA}"), None).await;
    assert_eq!(
        r.body["contact"]["followers"].as_array().map(Vec::len),
        Some(150)
    );
    let s = send(&app, "GET", "/__sandbox/state", &[], None).await;
    assert_eq!(s.body["requestCount"], 301);
}

/// 220 simultaneous clients over real loopback sockets (127.0.0.1, ephemeral port).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_connections_over_loopback() {
    use std::io::{Read, Write};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let app = router(Config {
        limits: Limits {
            burst: 10_000,
            interval_ms: 60_000,
            daily: 100_000,
        },
        ..Config::default()
    });
    let server = tokio::spawn(highlevel_sandbox::serve(listener, app, async {
        let _ = stop_rx.await;
    }));
    let statuses = tokio::task::spawn_blocking(move || {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(220));
        let threads: Vec<_> = (0..220)
            .map(|i| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut s = std::net::TcpStream::connect(addr).ok()?;
                    s.set_read_timeout(Some(std::time::Duration::from_secs(20))).ok()?;
                    barrier.wait();
                    let body = format!("{{\"tags\":[\"t{}\"]}}", i % 20);
                    let req = format!(
                        "POST /contacts/{CONTACT_MARCUS}/tags HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\
                         Version: 2021-07-28\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    s.write_all(req.as_bytes()).ok()?;
                    let mut out = String::new();
                    s.read_to_string(&mut out).ok()?;
                    out.split(' ').nth(1).map(str::to_string)
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().ok().flatten()).collect::<Vec<_>>()
    })
    .await
    .expect("clients");
    assert_eq!(statuses.len(), 220);
    assert!(
        statuses.iter().all(|s| s.as_deref() == Some("201")),
        "{statuses:?}"
    );
    let _ = stop_tx.send(());
    server.await.expect("join").expect("serve");
}
