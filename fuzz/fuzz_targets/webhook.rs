//! Webhook verification, the whole native path: the signature headers and
//! keys (arbitrary text) planned into one check, the body's bytes decoded
//! and its `timestamp` held to the replay window. (The signature itself is
//! WebCrypto's, in wasm only.) Input: body, x-ghl-signature, x-wh-signature,
//! publicKey, rsaPublicKey, separated by NULs, then bytes for the options.
//! Properties: an Ed25519 plan has a 32-byte key and a 64-byte signature and
//! is chosen only with a publicKey; an RSA plan only with legacyRsa and an
//! RSA SPKI key; refusals never echo a header or key; a timestamp passes the
//! window only when within toleranceSec of now.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use base64::Engine;
use highlevel_fuzz::parts;
use highlevel_wasm::json::Doc;
use highlevel_wasm::value::{Kind, Value};
use highlevel_webhooks::{keys, plan, time, Check, Inputs};
use libfuzzer_sys::fuzz_target;

fn text(b: &[u8]) -> Option<String> {
    (!b.is_empty()).then(|| String::from_utf8_lossy(b).into_owned())
}

fuzz_target!(|data: &[u8]| {
    let [body, ghl, wh, public_key, rsa, rest] = parts::<6>(data);
    let (ghl, wh, public_key, rsa) = (text(ghl), text(wh), text(public_key), text(rsa));
    let mut u = Unstructured::new(rest);
    let Ok((legacy, tol, now_off)) = <(bool, u32, i64)>::arbitrary(&mut u) else { return };
    // As the options allow: toleranceSec >= 0 and now finite.
    let (tolerance_sec, now_ms) = (f64::from(tol % 100_000), 1.7e12 + (now_off % 10_000_000_000_000) as f64);
    let inputs = Inputs {
        ghl_signature: ghl.as_deref(),
        wh_signature: wh.as_deref(),
        public_key: public_key.as_deref(),
        rsa_public_key: rsa.as_deref(),
        legacy_rsa: legacy,
    };
    match plan(&inputs) {
        Ok(Check::Ed25519 { signature, .. }) => {
            assert!(ghl.is_some() && public_key.is_some());
            assert_eq!(signature.len(), 64);
        }
        Ok(Check::Rsa { spki, signature }) => {
            assert!(legacy && wh.is_some() && (ghl.is_none() || public_key.is_none()));
            assert!(!signature.is_empty());
            assert!(keys::rsa_public_key(&format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----", base64::engine::general_purpose::STANDARD.encode(&spki))).is_ok());
        }
        Err(f) => {
            assert_eq!(f.kind, "signature");
            for secret in [&ghl, &wh, &public_key, &rsa].into_iter().flatten() {
                // Key- and signature-like text (no message holds 14 such characters in a row).
                let b64 = secret.bytes().all(|c| c.is_ascii_alphanumeric() || b"+/=".contains(&c));
                if secret.len() >= 16 && b64 {
                    assert!(!f.message.contains(secret.as_str()), "a refusal echoed its input");
                }
            }
        }
    }
    // After the signature (wasm): UTF-8 JSON, an object, its timestamp in the window.
    let Ok(body) = std::str::from_utf8(body) else { return };
    let Ok(doc) = Doc::parse(body) else { return };
    let Some(event) = doc.root().filter(|r| r.kind() == Kind::Object) else { return };
    let stamp = event.field("timestamp").filter(|t| t.kind() != Kind::Null).map(|t| t.as_str().unwrap_or_default());
    let verdict = time::check_window(stamp.as_deref(), now_ms, tolerance_sec);
    let parsed = stamp.as_deref().and_then(time::parse_iso8601);
    match verdict {
        Ok(()) => {
            let at = parsed.expect("a passing timestamp parses") as f64;
            assert!((now_ms - at).abs() <= tolerance_sec * 1000.0);
        }
        Err(f) => assert_eq!(f.kind, "replay"),
    }
    // Keys and signatures as base64: what is encoded decodes back.
    let raw = body.as_bytes();
    if !raw.is_empty() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
        assert_eq!(keys::base64(&b64).as_deref(), Some(raw));
    }
});
