//! The generic answer of every table row without a stateful handler, in
//! process through `tower::ServiceExt::oneshot`: documented status and example,
//! and the API's 400/422 checks of Version, params and bodies.

use axum::body::{to_bytes, Body};
use axum::http::Request;
use axum::Router;
use highlevel_sandbox::seed::*;
use highlevel_sandbox::{router, Config};
use highlevel_wasm::request;
use highlevel_wasm::table::{find_op, BodyKind};
use serde_json::{json, Value};
use tower::ServiceExt;

const A: &str = "2021-07-28";
const B: &str = "2021-04-15";
const BOUNDARY: &str = "----sandboxtest7MA4YWxkTrZu0gW";

fn app() -> Router {
    router(Config::default())
}

struct Resp {
    status: u16,
    content_type: String,
    raw: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.raw).unwrap_or(Value::Null)
    }
    /// The error body without its per-response `traceId`.
    fn plain(&self) -> Value {
        let mut b = self.json();
        if let Value::Object(m) = &mut b {
            m.remove("traceId");
        }
        b
    }
}

/// One request with the seeded token; `version` and `content_type` optional.
async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    version: Option<&str>,
    content_type: Option<&str>,
    body: Option<Vec<u8>>,
) -> Resp {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {TOKEN}"));
    if let Some(v) = version {
        req = req.header("version", v);
    }
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let req = req
        .body(body.map_or_else(Body::empty, Body::from))
        .expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    Resp {
        status,
        content_type,
        raw: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn json_call(
    app: &Router,
    method: &str,
    uri: &str,
    version: Option<&str>,
    body: Value,
) -> Resp {
    let bytes = body.to_string().into_bytes();
    call(
        app,
        method,
        uri,
        version,
        Some("application/json"),
        Some(bytes),
    )
    .await
}

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str)>) -> Vec<u8> {
    let mut out = String::new();
    for (k, v) in fields {
        out.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    if let Some((name, content)) = file {
        out.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n"
        ));
    }
    out.push_str(&format!("--{BOUNDARY}--\r\n"));
    out.into_bytes()
}

fn example(id: &str) -> (u16, Value) {
    let c = highlevel_sandbox::canned::get(id).expect("documented op");
    (c.status, c.example.clone())
}

fn messages(r: &Resp) -> Vec<String> {
    r.json()["message"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn generic_op_answers_its_documented_status_and_example() {
    let app = app();
    let body = json!({"locationId": LOCATION_ID, "name": "Pets", "objectKey": "custom_object.pet"});
    let r = json_call(&app, "POST", "/custom-fields/folder", Some(A), body).await;
    let (status, want) = example("create-custom-field-folder");
    assert_eq!((r.status, status), (201, 201), "{}", r.raw);
    assert!(r.content_type.starts_with("application/json"));
    assert_eq!(r.json(), want);

    let uri = format!("/locations/{LOCATION_ID}/customFields?model=contact");
    let r = call(&app, "GET", &uri, Some(A), None, None).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    assert_eq!(r.json(), example("get-custom-fields").1);

    // A documented success without an example: the status, and no body.
    let uri = format!("/ad-publishing/facebook/ad-accounts?locationId={LOCATION_ID}");
    let r = call(&app, "GET", &uri, Some(A), None, None).await;
    assert_eq!((r.status, r.raw.as_str()), (200, ""));
    // 204 never has a body.
    let uri = format!("/voice-ai/agents/agent1?locationId={LOCATION_ID}");
    let r = call(&app, "DELETE", &uri, Some(B), None, None).await;
    assert_eq!((r.status, r.raw.as_str()), (204, ""), "{uri}");
    // Non-object examples are sent as JSON too.
    let r = json_call(
        &app,
        "POST",
        "/medias/f1",
        Some(A),
        json!({"altId": LOCATION_ID, "altType": "location", "name": "a.pdf"}),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!("example")));
}

#[tokio::test]
async fn version_is_checked_and_ops_without_one_accept_any() {
    let app = app();
    let uri = format!("/contacts/{CONTACT_PRIYA}/notes");
    let body = json!({"body": "hello"});
    for version in [None, Some(B), Some("2021-07-29")] {
        let r = json_call(&app, "POST", &uri, version, body.clone()).await;
        assert_eq!(r.status, 400, "{version:?}");
        assert_eq!(r.json()["statusCode"], 400);
    }
    assert_eq!(
        json_call(&app, "POST", &uri, Some(A), body).await.status,
        201
    );
    // `charge` documents no Version: none, or any, is fine.
    let charge = json!({"appId": "a", "meterId": "m", "eventId": "e", "locationId": LOCATION_ID, "companyId": "c", "description": "d", "units": 1});
    for version in [None, Some(A), Some("whatever")] {
        let r = json_call(
            &app,
            "POST",
            "/marketplace/billing/charges",
            version,
            charge.clone(),
        )
        .await;
        assert_eq!(r.status, 201, "{version:?}: {}", r.raw);
    }
}

#[tokio::test]
async fn missing_required_query_param_is_422() {
    let app = app();
    let r = call(&app, "GET", "/contacts/?limit=5", Some(A), None, None).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.plain(),
        json!({"statusCode":422,"message":["locationId is required"],"error":"Unprocessable Entity"})
    );
    // Present but wrongly typed query values are 422 too.
    let uri = format!("/contacts/?locationId={LOCATION_ID}&limit=many");
    let r = call(&app, "GET", &uri, Some(A), None, None).await;
    assert_eq!(
        (r.status, messages(&r)),
        (422, vec!["limit must be a number".to_string()])
    );
    let uri = format!("/contacts/?locationId={LOCATION_ID}&limit=5");
    assert_eq!(
        call(&app, "GET", &uri, Some(A), None, None).await.status,
        200
    );
    // A path parameter that decodes to a dot segment.
    let r = call(&app, "GET", "/contacts/%2E%2E/notes", Some(A), None, None).await;
    assert_eq!((r.status, messages(&r).len()), (422, 1), "{}", r.raw);
}

#[tokio::test]
async fn schema_invalid_json_body_is_422_with_one_message_per_issue() {
    let app = app();
    let body = json!({"contacts": ["c1", 7], "tags": "vip", "removeAllTags": "yes"});
    let r = json_call(
        &app,
        "POST",
        "/contacts/bulk/tags/update/add",
        Some(A),
        body,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.raw);
    assert_eq!(r.plain()["error"], "Unprocessable Entity");
    let msgs = messages(&r);
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    for path in [
        "contacts[1] ",
        "locationId is required",
        "removeAllTags ",
        "tags ",
    ] {
        assert!(
            msgs.iter().any(|m| m.starts_with(path)),
            "{path} in {msgs:?}"
        );
    }
    // Not an object at all: the issue is named `body`.
    let r = json_call(
        &app,
        "POST",
        "/contacts/bulk/tags/update/add",
        Some(A),
        json!([1]),
    )
    .await;
    assert_eq!(
        (r.status, messages(&r)),
        (422, vec!["body must be an object, got array".to_string()])
    );
    let body = json!({"contacts": ["c1"], "tags": ["t"], "locationId": LOCATION_ID});
    assert_eq!(
        json_call(
            &app,
            "POST",
            "/contacts/bulk/tags/update/add",
            Some(A),
            body
        )
        .await
        .status,
        201
    );
}

#[tokio::test]
async fn missing_or_unreadable_body_is_400() {
    let app = app();
    let uri = format!("/contacts/{CONTACT_PRIYA}/notes");
    for body in [None, Some(b"  ".to_vec())] {
        let r = call(&app, "POST", &uri, Some(A), Some("application/json"), body).await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.plain(),
            json!({"statusCode":400,"message":"body is required","error":"Bad Request"})
        );
    }
    let r = call(
        &app,
        "POST",
        &uri,
        Some(A),
        Some("application/json"),
        Some(b"{nope".to_vec()),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("body is not valid JSON"))
    );
    let r = call(
        &app,
        "POST",
        &uri,
        Some(A),
        Some("text/plain"),
        Some(b"{}".to_vec()),
    )
    .await;
    assert_eq!(r.status, 400);
    // `{}` is a body: what is missing from it is a 422.
    let r = json_call(&app, "POST", &uri, Some(A), json!({})).await;
    assert_eq!(
        (r.status, messages(&r)),
        (422, vec!["body is required".to_string()])
    );
}

#[tokio::test]
async fn form_urlencoded_ops_parse_and_check_the_body() {
    let app = app();
    let form = Some(request::FORM);
    let ok = b"client_id=abc&client_secret=s+1%21&grant_type=authorization_code&code=x".to_vec();
    // /oauth/token documents no Version.
    let r = call(&app, "POST", "/oauth/token", None, form, Some(ok.clone())).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    assert_eq!(r.json(), example("get-access-token").1);
    let r = call(
        &app,
        "POST",
        "/oauth/token",
        None,
        form,
        Some(b"client_secret=s&grant_type=password".to_vec()),
    )
    .await;
    assert_eq!(r.status, 422);
    let msgs = messages(&r);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert_eq!(msgs[0], "client_id is required");
    assert!(msgs[1].starts_with("grant_type must be one of"), "{msgs:?}");
    // The same fields as JSON are refused: this op reads a form.
    let r = call(
        &app,
        "POST",
        "/oauth/token",
        None,
        Some("application/json"),
        Some(br#"{"client_id":"a"}"#.to_vec()),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = call(&app, "POST", "/oauth/token", None, form, None).await;
    assert_eq!(r.status, 400);
    let body = format!("companyId=c1&locationId={LOCATION_ID}").into_bytes();
    let r = call(
        &app,
        "POST",
        "/oauth/locationToken",
        Some(A),
        Some("application/x-www-form-urlencoded; charset=utf-8"),
        Some(body),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (200, example("get-location-access-token").1)
    );
}

#[tokio::test]
async fn multipart_ops_accept_form_data_with_a_boundary() {
    let app = app();
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let body = multipart(&[("name", "a.csv")], Some(("file", "x,y\n1,2\n")));
    let r = call(
        &app,
        "POST",
        "/medias/upload-file",
        Some(A),
        Some(&ct),
        Some(body.clone()),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (200, example("upload-media-content").1),
        "{}",
        r.raw
    );
    let uri = format!("/social-media-posting/{LOCATION_ID}/csv");
    let r = call(&app, "POST", &uri, Some(A), Some(&ct), Some(body.clone())).await;
    assert_eq!((r.status, r.json()), example("upload-csv"));
    // Not multipart, or no boundary, or nothing at all: 400.
    for (ct, body) in [
        (Some("application/json"), Some(b"{}".to_vec())),
        (Some("multipart/form-data"), Some(body)),
        (Some(ct.as_str()), None),
    ] {
        let r = call(&app, "POST", "/medias/upload-file", Some(A), ct, body).await;
        assert_eq!(r.status, 400, "{ct:?}");
    }
}

#[tokio::test]
async fn generic_calls_are_counted_per_operation() {
    let app = app();
    let uri = format!("/contacts/?locationId={LOCATION_ID}");
    for _ in 0..2 {
        assert_eq!(
            call(&app, "GET", &uri, Some(A), None, None).await.status,
            200
        );
    }
    let state = call(&app, "GET", "/__sandbox/state", None, None, None)
        .await
        .json();
    assert_eq!(state["operationCalls"]["get-contacts"], 2);
    assert_eq!(state["requestCount"], 2);
}

/// The request a client would send for one smoke row, built with the core.
fn smoke_request(
    row: &Value,
) -> (
    String,
    String,
    Option<&'static str>,
    Option<String>,
    Option<Vec<u8>>,
) {
    let id = row["id"].as_str().expect("id");
    let (_, op) = find_op(id).expect("row in table");
    let mut params = row["params"].clone();
    // The stateful operations need the seeded records.
    if highlevel_sandbox::routes::HANDLERS
        .iter()
        .any(|(h, _)| *h == id)
    {
        for (key, seeded) in [
            ("contactId", CONTACT_PRIYA),
            ("workflowId", WORKFLOW_ID),
            ("id", OPPORTUNITY_ID),
        ] {
            if params.get(key).is_some() {
                params[key] = json!(seeded);
            }
        }
    }
    let body = Some(&row["body"]).filter(|b| !b.is_null());
    let mut issues = Vec::new();
    let p = request::prepare(op, "", Some(&&params), body.as_ref(), &mut issues);
    assert!(issues.is_empty(), "{id}: smoke input invalid: {issues:?}");
    let (ct, bytes) = match (op.body.as_ref().map(|b| b.kind), body) {
        (_, None) => (None, None),
        (Some(BodyKind::Form), Some(b)) => (
            Some(request::FORM.to_string()),
            Some(request::form_body(&b).into_bytes()),
        ),
        (Some(BodyKind::Multipart), Some(b)) => {
            let fields: Vec<(String, String)> = b
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            (
                Some(format!("multipart/form-data; boundary={BOUNDARY}")),
                Some(multipart(&refs, Some(("file", "a")))),
            )
        }
        (_, Some(b)) => (
            Some("application/json".to_string()),
            Some(b.to_string().into_bytes()),
        ),
    };
    (op.method.as_str().to_string(), p.url, op.version, ct, bytes)
}

#[tokio::test]
async fn every_smoke_row_gets_its_documented_success() {
    let smoke: Value =
        serde_json::from_str(include_str!("../../tests/generated/smoke.json")).expect("smoke.json");
    let rows = smoke["smoke"].as_array().expect("rows");
    assert_eq!(rows.len(), highlevel_wasm::table::OPS.len());
    let app = router(Config {
        limits: highlevel_sandbox::ratelimit::Limits {
            burst: 100_000,
            interval_ms: 10_000,
            daily: 200_000,
        },
        ..Config::default()
    });
    let mut failures = Vec::new();
    for row in rows {
        let id = row["id"].as_str().unwrap_or("?");
        let (method, url, version, ct, body) = smoke_request(row);
        let r = call(&app, &method, &url, version, ct.as_deref(), body).await;
        let (status, _) = example(id);
        if r.status != status {
            failures.push(format!(
                "{id}: {method} {url} -> {} {}",
                r.status, r.raw
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
