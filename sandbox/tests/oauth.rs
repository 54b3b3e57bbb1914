//! The sandbox marketplace app over HTTP (in-process): consent redirect,
//! code exchange, calls with the access token, expiry (401 Invalid JWT),
//! refresh with rotation, agency → location tokens, the journal's masking.

use axum::body::{to_bytes, Body};
use axum::http::Request;
use axum::Router;
use highlevel_sandbox::oauth::{CLIENT_ID, CLIENT_SECRET, COMPANY_ID};
use highlevel_sandbox::seed::{CONTACT_JORDAN, LOCATION_ID};
use highlevel_sandbox::{router, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

const FORM: &str = "application/x-www-form-urlencoded";

struct Got {
    status: u16,
    location: String,
    body: Value,
}

async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Got {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(body.map_or_else(Body::empty, Body::from))
        .expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Got {
        status,
        location,
        body,
    }
}

fn s(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or("").to_string()
}

async fn code(app: &Router, user_type: &str) -> String {
    let uri = format!(
        "/v2/oauth/chooselocation?response_type=code&client_id={CLIENT_ID}&redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fx%3D1&scope=contacts.readonly%20contacts.write&state=st%2F1&user_type={user_type}"
    );
    let got = send(app, "GET", &uri, &[], None).await;
    assert_eq!(got.status, 302);
    let rest = got
        .location
        .strip_prefix("https://app.test/cb?x=1&code=")
        .expect("redirect to the redirect_uri");
    let (code, state) = rest.split_once("&state=").expect("state kept");
    assert_eq!(state, "st%2F1");
    code.to_string()
}

async fn token(app: &Router, form: &str) -> Got {
    let body = format!("client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&{form}");
    send(
        app,
        "POST",
        "/oauth/token",
        &[("content-type", FORM)],
        Some(body),
    )
    .await
}

async fn contact(app: &Router, access: &str) -> Got {
    let auth = format!("Bearer {access}");
    let uri = format!("/contacts/{CONTACT_JORDAN}");
    send(
        app,
        "GET",
        &uri,
        &[("authorization", &auth), ("version", "2021-07-28")],
        None,
    )
    .await
}

#[tokio::test]
async fn install_call_expire_refresh() {
    let app = router(Config::default());
    let code = code(&app, "Location").await;
    let first = token(&app, &format!("grant_type=authorization_code&code={code}&redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fx%3D1")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(
        (s(&first.body, "userType"), s(&first.body, "locationId")),
        ("Location".into(), LOCATION_ID.into())
    );
    assert_eq!(s(&first.body, "scope"), "contacts.readonly contacts.write");
    assert_eq!(
        token(&app, &format!("grant_type=authorization_code&code={code}"))
            .await
            .status,
        400
    );

    let access = s(&first.body, "access_token");
    assert_eq!(contact(&app, &access).await.status, 200);
    let expired = send(&app, "POST", "/__sandbox/oauth/expire", &[], None).await;
    assert_eq!(expired.status, 200);
    let dead = contact(&app, &access).await;
    assert_eq!(
        (dead.status, &dead.body["message"]),
        (401, &json!("Invalid JWT"))
    );
    // A token that is not the sandbox's and not OAuth-shaped: the old answer.
    assert_eq!(
        s(&contact(&app, "wrong").await.body, "message"),
        "Invalid token: access token is invalid"
    );

    let refresh = format!(
        "grant_type=refresh_token&refresh_token={}",
        s(&first.body, "refresh_token")
    );
    let second = token(&app, &refresh).await;
    assert_eq!(second.status, 200);
    assert_ne!(
        s(&second.body, "refresh_token"),
        s(&first.body, "refresh_token")
    );
    assert_eq!(
        token(&app, &refresh).await.body,
        second.body,
        "replayed within 30 s"
    );
    assert_eq!(
        contact(&app, &s(&second.body, "access_token")).await.status,
        200
    );

    let bad = send(
        &app,
        "POST",
        "/oauth/token",
        &[("content-type", FORM)],
        Some(format!(
            "client_id={CLIENT_ID}&client_secret=nope&{refresh}"
        )),
    )
    .await;
    assert_eq!(
        (bad.status, s(&bad.body, "error")),
        (401, "invalid_client".into())
    );

    let stats = send(&app, "GET", "/__sandbox/oauth", &[], None).await.body;
    assert_eq!(
        (
            stats["codeExchanges"].clone(),
            stats["refreshes"].clone(),
            stats["replays"].clone()
        ),
        (json!(1), json!(1), json!(1))
    );

    // Every OAuth request is journaled, and no secret is.
    let journal = send(&app, "GET", "/__sandbox/journal", &[], None)
        .await
        .body;
    let text = journal.to_string();
    for secret in [
        CLIENT_SECRET,
        &code,
        &access,
        &s(&first.body, "refresh_token"),
    ] {
        assert!(!text.contains(secret), "secret in the journal: {text}");
    }
    let tokens: Vec<&Value> = journal
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["operationId"] == "get-access-token")
        .collect();
    assert_eq!(tokens.len(), 5);
    assert_eq!(tokens[0]["body"]["client_secret"], "***");
    assert_eq!(tokens[2]["body"]["grant_type"], "refresh_token");
    assert_eq!(tokens[2]["body"]["client_id"], CLIENT_ID);
}

#[tokio::test]
async fn agency_to_location() {
    let app = router(Config::default());
    let code = code(&app, "Company").await;
    let company = token(&app, &format!("grant_type=authorization_code&code={code}"))
        .await
        .body;
    assert_eq!(
        (s(&company, "userType"), s(&company, "companyId")),
        ("Company".into(), COMPANY_ID.into())
    );
    let auth = format!("Bearer {}", s(&company, "access_token"));
    let installed = send(
        &app,
        "GET",
        &format!("/oauth/installedLocations?companyId={COMPANY_ID}"),
        &[("authorization", &auth)],
        None,
    )
    .await;
    assert_eq!(installed.body["locations"][0]["_id"], LOCATION_ID);
    let headers = [
        ("authorization", auth.as_str()),
        ("version", "2021-07-28"),
        ("content-type", FORM),
    ];
    let form = format!("companyId={COMPANY_ID}&locationId={LOCATION_ID}");
    let loc = send(
        &app,
        "POST",
        "/oauth/locationToken",
        &headers,
        Some(form.clone()),
    )
    .await;
    assert_eq!(loc.status, 200, "{}", loc.body);
    assert_eq!(s(&loc.body, "locationId"), LOCATION_ID);
    assert_eq!(
        contact(&app, &s(&loc.body, "access_token")).await.status,
        200
    );
    let no_version = send(
        &app,
        "POST",
        "/oauth/locationToken",
        &[("authorization", &auth), ("content-type", FORM)],
        Some(form),
    )
    .await;
    assert_eq!(no_version.status, 400);
    // After a reset every token is dead.
    send(&app, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(
        contact(&app, &s(&loc.body, "access_token")).await.status,
        401
    );
}

#[tokio::test]
async fn consent_refuses_bad_requests() {
    let app = router(Config::default());
    for q in [
        format!("response_type=token&client_id={CLIENT_ID}&redirect_uri=https://a.test/"),
        "response_type=code&client_id=other&redirect_uri=https://a.test/".to_string(),
        format!("response_type=code&client_id={CLIENT_ID}&redirect_uri=javascript:alert(1)"),
    ] {
        let got = send(
            &app,
            "GET",
            &format!("/oauth/chooselocation?{q}"),
            &[],
            None,
        )
        .await;
        assert_eq!(got.status, 400, "{q}");
    }
}
