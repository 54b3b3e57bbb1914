//! The validator: arbitrary JSON text against a row's body schema (or any
//! schema node of the table). Properties: the fast wire pass never accepts
//! what the full walk refuses, and the walk over the wire parser's view lists
//! exactly the issues it lists over serde_json's view of the same text.
#![no_main]
use highlevel_fuzz::{issues, op_at, schemas_len, selector, shallow};
use highlevel_wasm::json::Doc;
use highlevel_wasm::value::Value;
use highlevel_wasm::wire_check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((sel, text)) = selector(data) else { return };
    // High bit set, or a row without a body: any schema node.
    let row = op_at(sel & 0x7fff).1.body.as_ref().map(|b| b.schema);
    let schema = match row {
        Some(s) if sel & 0x8000 == 0 => s,
        _ => (sel & 0x7fff) % schemas_len().max(1),
    };
    let doc = Doc::parse_bytes(text);
    let walked = doc.as_ref().ok().and_then(|d| d.root()).map(|r| {
        // Every accessor on the root, as a rule might call it.
        let _ = (r.kind(), r.as_str(), r.as_f64(), r.as_bool(), r.len(), r.keys());
        issues(&r, schema)
    });
    if wire_check::valid(text, schema) {
        assert_eq!(walked.as_ref().map(Vec::len), Some(0), "the fast pass accepted what the walk refuses: {walked:?}");
    }
    if shallow(text) {
        if let Ok(j) = serde_json::from_slice::<serde_json::Value>(text) {
            let walked = walked.expect("the wire parser reads every text serde_json reads");
            assert_eq!(issues(&&j, schema), walked, "serde_json's view and the wire view disagree");
        }
    }
});
