//! Webhooks from the sandbox, in-process (`oneshot`) with a receiver on a real
//! loopback socket: loopback-only subscriptions, a signed documented event for
//! an applied mutation (checked with both public keys), none for a refused
//! one, and user-context payloads that decrypt in CryptoJS's format.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use axum::body::{to_bytes, Body};
use axum::http::Request;
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use highlevel_sandbox::seed::{CONTACT_PRIYA, LOCATION_ID, TOKEN};
use highlevel_sandbox::{router, Config};
use md5::{Digest, Md5};
use rsa::pkcs8::DecodePublicKey;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tower::ServiceExt;

async fn send(app: &Router, method: &str, path: &str, body: Value, api: bool) -> (u16, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if api {
        req = req
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("version", "2021-07-28");
    }
    let req = req.body(Body::from(body.to_string())).expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Accepts one delivery: its header lines (lower-cased names) and body bytes.
async fn receive(listener: &TcpListener) -> (Vec<(String, String)>, Vec<u8>) {
    let (mut s, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
        .await
        .expect("a delivery")
        .expect("accept");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut chunk))
            .await
            .expect("read in time")
            .expect("read");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let headers: Vec<(String, String)> = text[..end]
                .lines()
                .skip(1)
                .filter_map(|l| {
                    l.split_once(':')
                        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
                })
                .collect();
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .expect("length");
            if buf.len() >= end + 4 + len {
                s.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                    .await
                    .expect("answer");
                return (headers, buf[end + 4..end + 4 + len].to_vec());
            }
        }
        assert!(n > 0, "connection closed early");
    }
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> &'a str {
    h.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

#[tokio::test]
async fn signed_events_for_applied_mutations() {
    let app = router(Config::default());
    for bad in [
        "http://10.0.0.1:80/",
        "https://127.0.0.1:1/",
        "http://localhost:80/",
        "not a url",
    ] {
        assert_eq!(
            send(
                &app,
                "POST",
                "/__sandbox/webhooks",
                json!({ "url": bad }),
                false
            )
            .await
            .0,
            400,
            "{bad}"
        );
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!(
        "http://127.0.0.1:{}/hook",
        listener.local_addr().expect("addr").port()
    );
    let (status, sub) = send(
        &app,
        "POST",
        "/__sandbox/webhooks",
        json!({ "url": url }),
        false,
    )
    .await;
    assert_eq!(status, 201);

    // Refused (unknown contact): nothing is applied, nothing is delivered.
    assert_eq!(
        send(
            &app,
            "POST",
            "/contacts/nope/tags",
            json!({ "tags": ["x"] }),
            true
        )
        .await
        .0,
        404
    );
    let path = format!("/contacts/{CONTACT_PRIYA}/tags");
    assert_eq!(
        send(&app, "POST", &path, json!({ "tags": ["hooked"] }), true)
            .await
            .0,
        201
    );
    let (headers, body) = receive(&listener).await;

    let event: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(event["type"], "ContactTagUpdate");
    assert_eq!(event["id"], CONTACT_PRIYA);
    assert_eq!(event["locationId"], LOCATION_ID);
    assert_eq!(event["tags"], json!(["hooked"]));
    assert!(event["timestamp"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    assert!(event["webhookId"]
        .as_str()
        .is_some_and(|w| w.starts_with("sbx-wh-")));

    let keys = &sub["keys"];
    let raw: [u8; 32] = B64
        .decode(keys["ed25519PublicKeyBase64"].as_str().expect("key"))
        .expect("b64")
        .try_into()
        .expect("32");
    let sig = B64
        .decode(header(&headers, "x-ghl-signature"))
        .expect("b64");
    let sig = Signature::from_slice(&sig).expect("64 bytes");
    let ed = VerifyingKey::from_bytes(&raw).expect("key");
    assert!(ed.verify(&body, &sig).is_ok());
    let mut altered = body.clone();
    altered[5] ^= 1;
    assert!(ed.verify(&altered, &sig).is_err());

    let rsa_key =
        rsa::RsaPublicKey::from_public_key_pem(keys["rsaPublicKey"].as_str().expect("pem"))
            .expect("rsa");
    let rsa_sig = B64.decode(header(&headers, "x-wh-signature")).expect("b64");
    let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(rsa_key);
    let rsa_sig = rsa::pkcs1v15::Signature::try_from(rsa_sig.as_slice()).expect("sig");
    assert!(rsa::signature::Verifier::verify(&verifier, &body, &rsa_sig).is_ok());

    let (_, log) = send(&app, "GET", "/__sandbox/webhooks", Value::Null, false).await;
    assert_eq!(log["subscriptions"], json!([url]));
}

#[tokio::test]
async fn user_context_in_cryptojs_format() {
    let app = router(Config::default());
    let user = json!({ "userId": "u1", "companyId": "c1", "role": "admin", "type": "agency", "userName": "A", "email": "a@example.com" });
    let (status, out) = send(
        &app,
        "POST",
        "/__sandbox/user-context",
        json!({ "sharedSecret": "s3cret", "user": user }),
        false,
    )
    .await;
    assert_eq!(status, 200);
    assert!(!out.to_string().contains("s3cret"));
    let bytes = B64
        .decode(out["payload"].as_str().expect("payload"))
        .expect("b64");
    assert_eq!(&bytes[..8], b"Salted__");
    let salt = &bytes[8..16];
    // EVP_BytesToKey(MD5): D1 = MD5(secret|salt), D2 = MD5(D1|secret|salt), D3 likewise.
    let mut d = Vec::new();
    let mut prev = Vec::new();
    while d.len() < 48 {
        prev = Md5::new()
            .chain_update(&prev)
            .chain_update(b"s3cret")
            .chain_update(salt)
            .finalize()
            .to_vec();
        d.extend_from_slice(&prev);
    }
    let plain = cbc::Decryptor::<aes::Aes256>::new_from_slices(&d[..32], &d[32..48])
        .expect("sizes")
        .decrypt_padded_vec_mut::<Pkcs7>(&bytes[16..])
        .expect("padding");
    assert_eq!(serde_json::from_slice::<Value>(&plain).expect("json"), user);
    for bad in [
        json!({ "user": user }),
        json!({ "sharedSecret": "s", "user": "x" }),
        json!({ "sharedSecret": "" }),
    ] {
        assert_eq!(
            send(&app, "POST", "/__sandbox/user-context", bad, false)
                .await
                .0,
            400
        );
    }
}
