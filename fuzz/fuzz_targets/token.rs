//! Token-response parsing (`token::parse`, what `auth-rules.js` makes a
//! session from) on arbitrary answer text. Properties: a parsed token has a
//! non-empty access token, a finite `expires_in`, non-empty ids and scopes
//! free of whitespace; the wire view and serde_json's view read the same
//! fields; `string_to_number` agrees with Rust's integer parsing on plain digits.
#![no_main]
use highlevel_fuzz::shallow;
use highlevel_wasm::json::Doc;
use highlevel_wasm::token::{is_js_space, parse, read, string_to_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse(data) {
        Ok(t) => {
            assert!(t.access_token.as_deref().is_some_and(|a| !a.is_empty()));
            assert!(t.expires_in.is_finite());
            for id in [&t.refresh_token, &t.company_id, &t.location_id, &t.user_id].into_iter().flatten() {
                assert!(!id.is_empty());
            }
            assert!(t.scopes.iter().all(|s| !s.is_empty() && !s.contains(is_js_space)));
        }
        Err(issues) => assert!(!issues.is_empty()),
    }
    if let Some(root) = Doc::parse_bytes(data).ok().as_ref().and_then(|d| d.root()) {
        let ours = read(&root);
        assert!(ours.expires_in.is_finite());
        if shallow(data) {
            if let Ok(j) = serde_json::from_slice::<serde_json::Value>(data) {
                assert_eq!(read(&&j), ours, "serde_json's view and the wire view read different fields");
            }
        }
    }
    let text = String::from_utf8_lossy(data);
    let n = string_to_number(&text);
    let t = text.trim_matches(is_js_space);
    if !t.is_empty() && t.len() < 16 && t.bytes().all(|b| b.is_ascii_digit()) {
        assert_eq!(Some(n), t.parse::<u64>().ok().map(|v| v as f64), "{t:?}");
    }
    if t.parse::<f64>().is_ok_and(f64::is_finite) && !t.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
        // Plain decimal literals read as Rust reads them.
        assert_eq!(n.to_bits(), t.parse::<f64>().map(f64::to_bits).unwrap_or(0), "{t:?}");
    }
});
