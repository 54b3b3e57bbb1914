//! Injected faults over real loopback sockets: what each one answers (or
//! does not), whether it was applied, and that a seed repeats a run.

mod support;

use highlevel_sandbox::faults::FaultSpec;
use highlevel_sandbox::ratelimit::Limits;
use highlevel_sandbox::seed::{CONTACT_MARCUS, TOKEN};
use highlevel_sandbox::Config;
use serde_json::{json, Value};
use std::time::Duration;
use support::{assert_rate_headers, Conn, Got, Req, Server};

const SHORT: Duration = Duration::from_millis(600);
const LONG: Duration = Duration::from_secs(5);

fn tags_path() -> String {
    format!("/contacts/{CONTACT_MARCUS}/tags")
}

fn with_faults(spec: &str, seed: u64) -> Config {
    Config {
        faults: FaultSpec::parse(spec).expect("spec"),
        seed,
        ..Config::default()
    }
}

/// Adds tag `tag` to Marcus with the forced fault `fault`.
fn add_tag<'a>(path: &'a str, tag: &str, fault: &str) -> Req<'a> {
    Req::api("POST", path, Some(&json!({ "tags": [tag] }))).fault(fault)
}

async fn marcus_tags(server: &Server) -> Value {
    let r = server
        .api("GET", &format!("/contacts/{CONTACT_MARCUS}"), None)
        .await;
    assert_eq!(r.status, 200);
    r.body["contact"]["tags"].clone()
}

async fn has_tag(server: &Server, tag: &str) -> bool {
    marcus_tags(server)
        .await
        .as_array()
        .is_some_and(|t| t.iter().any(|x| x == tag))
}

#[tokio::test]
async fn forced_429_and_503_answer_without_applying() {
    let server = Server::start(Config::default()).await;
    let path = tags_path();
    let r = server.send(&add_tag(&path, "f429", "429"), LONG).await.answer();
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), "1");
    assert_eq!(r.body["statusCode"], 429);
    assert_rate_headers(&r);
    // Nothing applied, and no rate-limit slot used.
    assert_eq!(r.header("x-ratelimit-remaining"), "100");

    let r = server.send(&add_tag(&path, "f503", "503"), LONG).await.answer();
    assert_eq!(r.status, 503);
    assert_eq!(r.body["statusCode"], 503);
    assert_eq!(r.body["message"], "Service Unavailable");
    assert_eq!(r.body["traceId"], r.header("x-request-id"));
    assert_eq!(r.header("retry-after"), "");
    assert_rate_headers(&r);

    assert!(!has_tag(&server, "f429").await);
    assert!(!has_tag(&server, "f503").await);
    assert!(server.journal().await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn reset_before_drops_the_connection_unanswered_and_applies_nothing() {
    let server = Server::start(Config::default()).await;
    let path = tags_path();
    match server.send(&add_tag(&path, "rb", "reset-before"), LONG).await {
        Got::Closed { bytes } => assert!(bytes.is_empty(), "got {bytes:?}"),
        other => panic!("expected a dropped connection, got {other:?}"),
    }
    assert!(!has_tag(&server, "rb").await);
    assert!(server.journal().await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn reset_after_applies_then_drops_the_connection_unanswered() {
    let server = Server::start(Config::default()).await;
    let path = tags_path();
    match server.send(&add_tag(&path, "ra", "reset-after"), LONG).await {
        Got::Closed { bytes } => assert!(bytes.is_empty(), "got {bytes:?}"),
        other => panic!("expected a dropped connection, got {other:?}"),
    }
    assert!(has_tag(&server, "ra").await);
    let journal = server.journal().await;
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0]["operationId"], "add-tags");
    assert_eq!(journal[0]["body"], json!({ "tags": ["ra"] }));
    // A rejected request is dropped the same way, but nothing is applied.
    let bad = Req::api("POST", &path, Some(&json!({ "tags": [] }))).fault("reset-after");
    assert!(matches!(server.send(&bad, LONG).await, Got::Closed { bytes } if bytes.is_empty()));
    assert_eq!(server.journal().await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn stall_never_answers_and_lets_go_when_the_client_does() {
    let server = Server::start(Config::default()).await;
    let path = tags_path();
    let mut conn = Conn::open(server.addr).await;
    conn.write(&add_tag(&path, "st", "stall")).await;
    match conn.read(SHORT).await {
        Got::Silent { bytes } => assert!(bytes.is_empty(), "got {bytes:?}"),
        other => panic!("expected silence, got {other:?}"),
    }
    assert!(!has_tag(&server, "st").await);
    drop(conn);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A stall still held would keep shutdown waiting for the whole drain.
    let took = server.stop().await;
    assert!(took < highlevel_sandbox::conn::DRAIN / 2, "stop took {took:?}");
}

#[tokio::test]
async fn fault_header_names_are_checked_and_none_means_none() {
    let server = Server::start(with_faults("503=1", 1)).await;
    let path = tags_path();
    let r = server.send(&add_tag(&path, "x", "teapot"), LONG).await.answer();
    assert_eq!(r.status, 400);
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("reset-after")));
    assert_rate_headers(&r);
    // `none` overrides a certain fault; a missing header lets the draw decide.
    let r = server.send(&add_tag(&path, "n", "none"), LONG).await.answer();
    assert_eq!(r.status, 201);
    let r = server.api("POST", &path, Some(&json!({ "tags": ["d"] }))).await;
    assert_eq!(r.status, 503);
    server.stop().await;
}

#[tokio::test]
async fn sandbox_routes_never_get_faults() {
    let server = Server::start(with_faults("stall=1", 1)).await;
    for (method, path) in [
        ("GET", "/__sandbox/state"),
        ("GET", "/__sandbox/journal"),
        ("POST", "/__sandbox/reset"),
    ] {
        let req = Req::new(method, path).fault("reset-before");
        let r = server.send(&req, LONG).await.answer();
        assert_eq!(r.status, 200, "{method} {path}");
        assert_rate_headers(&r);
    }
    // Preflights are not API requests either.
    let r = server.send(&Req::new("OPTIONS", "/contacts/x/tags"), LONG).await.answer();
    assert_eq!(r.status, 204);
    assert!(r.header("access-control-allow-headers").contains("X-Sandbox-Fault"));
    let r = server.send(&Req::api("GET", "/contacts/x", None), SHORT).await;
    assert!(matches!(r, Got::Silent { .. }), "{r:?}");
    server.stop().await;
}

/// The statuses of `n` sequential GETs.
async fn statuses(server: &Server, n: usize) -> Vec<u16> {
    let path = format!("/contacts/{CONTACT_MARCUS}");
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(server.api("GET", &path, None).await.status);
    }
    out
}

#[tokio::test]
async fn a_seed_repeats_the_run() {
    let spec = "429=0.3,503=0.3";
    let a = Server::start(with_faults(spec, 7)).await;
    let b = Server::start(with_faults(spec, 7)).await;
    let c = Server::start(with_faults(spec, 8)).await;
    let first = statuses(&a, 40).await;
    assert_eq!(first, statuses(&b, 40).await);
    assert_ne!(first, statuses(&c, 40).await);
    for s in [200, 429, 503] {
        assert!(first.contains(&s), "{s} never drawn in {first:?}");
    }
    // A reset restarts the draws.
    let r = a.send(&Req::new("POST", "/__sandbox/reset"), LONG).await.answer();
    assert_eq!(r.status, 200);
    assert_eq!(first, statuses(&a, 40).await);
    for s in [a, b, c] {
        s.stop().await;
    }
}

#[tokio::test]
async fn rate_headers_on_every_answer() {
    let server = Server::start(Config {
        limits: Limits {
            burst: 2,
            interval_ms: 60_000,
            daily: 1_000,
        },
        ..Config::default()
    })
    .await;
    let path = tags_path();
    let contact = format!("/contacts/{CONTACT_MARCUS}");
    let cases: Vec<(Req, u16)> = vec![
        (Req::api("GET", &contact, None), 200),
        (Req::new("GET", &contact), 401),
        (Req::api("GET", "/nope", None), 404),
        (Req::api("GET", &contact, None), 429),
        (add_tag(&path, "a", "429"), 429),
        (add_tag(&path, "a", "503"), 503),
        (add_tag(&path, "a", "bogus"), 400),
        (Req::new("OPTIONS", &path), 204),
        (Req::new("GET", "/__sandbox/state"), 200),
    ];
    for (req, want) in cases {
        let r = server.send(&req, LONG).await.answer();
        assert_eq!(r.status, want, "{} {}", req.method, req.path);
        assert_rate_headers(&r);
        assert!(!r.raw.contains(TOKEN));
        if want == 429 {
            assert!(r.header("retry-after").parse::<u64>().is_ok_and(|s| s >= 1));
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn the_window_slides() {
    // 3 per 1.5 s: one request at 0, two at ~0.6 s. At ~1.7 s the first has
    // left the window (one slot free) but the other two have not, so a fixed
    // window would allow three here and a sliding one allows exactly one.
    let server = Server::start(Config {
        limits: Limits {
            burst: 3,
            interval_ms: 1_500,
            daily: 1_000,
        },
        ..Config::default()
    })
    .await;
    let contact = format!("/contacts/{CONTACT_MARCUS}");
    let get = || server.api("GET", &contact, None);
    assert_eq!(get().await.status, 200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(get().await.status, 200);
    let third = get().await;
    assert_eq!(third.status, 200);
    assert_eq!(third.header("x-ratelimit-remaining"), "0");
    let refused = get().await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), "1");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let freed = get().await;
    assert_eq!(freed.status, 200);
    assert_eq!(freed.header("x-ratelimit-remaining"), "0");
    assert_eq!(get().await.status, 429);
    server.stop().await;
}

#[tokio::test]
async fn shutdown_cuts_a_stall_whose_client_stays() {
    // The counterpart of the test above: with the client still there, the
    // stall holds and shutdown waits for the drain, then cuts it.
    let server = Server::start(Config::default()).await;
    let path = tags_path();
    let mut conn = Conn::open(server.addr).await;
    conn.write(&add_tag(&path, "st", "stall")).await;
    assert!(matches!(conn.read(SHORT).await, Got::Silent { .. }));
    let took = server.stop().await;
    let drain = highlevel_sandbox::conn::DRAIN;
    assert!(took >= drain && took < drain * 3, "stop took {took:?}");
    assert!(matches!(conn.read(LONG).await, Got::Closed { bytes } if bytes.is_empty()));
}
