//! Path and query building through the request layer: a row of the table
//! (or the generic request) with arbitrary params and body JSON. Properties
//! of a request that validates: it stays on the configured base URL, a value
//! never adds a path segment, a query or a fragment, and a row's URL is
//! plain printable ASCII.
#![no_main]
use highlevel_fuzz::{op_at, parts, selector};
use highlevel_wasm::json::Doc;
use highlevel_wasm::request::{form_body, generic, prepare};
use libfuzzer_sys::fuzz_target;

const BASE: &str = "https://h.test/base";

fn printable(url: &str) {
    assert!(url.bytes().all(|b| b.is_ascii_graphic()), "not printable ASCII: {url:?}");
    assert!(!url.contains('#'), "a fragment: {url:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = selector(data) else { return };
    let [params, body, path] = parts::<3>(rest);
    let (pdoc, bdoc) = (Doc::parse_bytes(params).ok(), Doc::parse_bytes(body).ok());
    let p = pdoc.as_ref().and_then(|d| d.root());
    let b = bdoc.as_ref().and_then(|d| d.root());
    let mut issues = Vec::new();
    if sel & 0x8000 != 0 {
        let path = String::from_utf8_lossy(path);
        let out = generic(BASE, Some(&path), p.as_ref(), &mut issues);
        if issues.is_empty() {
            assert!(out.url.starts_with("https://h.test/base/"), "{}", out.url);
            let segs = out.path.split(['/', '?', '#']);
            assert!(!segs.clone().any(|s| s == "." || s == ".."), "a dot segment: {}", out.path);
            // The caller's own path may hold non-ASCII (fetch encodes it), never a space, control or fragment.
            assert!(!out.url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '#'), "{:?}", out.url);
        }
        return;
    }
    let (_, op) = op_at(sel);
    let out = prepare(op, BASE, p.as_ref(), b.as_ref(), &mut issues);
    if let Some(b) = b.as_ref() {
        let form = form_body(b);
        assert!(form.bytes().all(|c| c.is_ascii_graphic()), "{form:?}");
    }
    if issues.is_empty() {
        assert!(out.url.starts_with(BASE), "{}", out.url);
        let slashes = |s: &str| s.bytes().filter(|&c| c == b'/').count();
        assert_eq!(slashes(&out.path), slashes(op.path), "a value added a segment: {}", out.path);
        assert!(!out.path.contains(['?', '#']), "{}", out.path);
        let after = out.url.get(BASE.len() + out.path.len()..).unwrap_or_default();
        assert!(after.is_empty() || after.starts_with('?'), "{}", out.url);
        printable(&out.url);
    }
});
