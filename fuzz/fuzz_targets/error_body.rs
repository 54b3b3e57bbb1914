//! Error-body decoding: an arbitrary answer body (NestJS `message`, a 422's
//! list, v3's AIP envelope, anything). Properties: the wire view and
//! serde_json's view find the same messages; the fallback names the status;
//! `redact` leaves no copy of a token-like secret.
#![no_main]
use highlevel_fuzz::{parts, selector, shallow};
use highlevel_wasm::errors::{aip_error, fallback_message, messages_of, redact, Kind};
use highlevel_wasm::json::Doc;
use highlevel_wasm::value::Kind as VKind;
use highlevel_wasm::value::Value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((status, rest)) = selector(data) else { return };
    let [body, secret] = parts::<2>(rest);
    let doc = Doc::parse_bytes(body).ok();
    let root = doc.as_ref().and_then(|d| d.root());
    let ours = root.as_ref().map(|r| {
        if let Some(e) = aip_error(r) {
            assert_eq!(e.kind(), VKind::Object);
        }
        messages_of(r)
    });
    if shallow(body) {
        if let Ok(j) = serde_json::from_slice::<serde_json::Value>(body) {
            assert_eq!(ours.as_ref(), Some(&messages_of(&&j)));
        }
    }
    let _ = Kind::from_status(status).as_str();
    assert!(fallback_message(status).contains(&format!("(HTTP {status})")));

    let (text, secret) = (String::from_utf8_lossy(body), String::from_utf8_lossy(secret));
    let out = redact(&text, &secret);
    // Tokens are base64url/JWT-like: no brackets, not a piece of the marker.
    let token_like = secret.len() >= 4 && !secret.contains(['[', ']']) && !"REDACTED".contains(secret.as_ref());
    if token_like {
        assert!(!out.contains(secret.as_ref()), "the secret survived redaction");
    }
    if secret.len() < 4 {
        assert_eq!(out, text);
    }
});
