//! The wire-bytes JSON parser (`json::Doc`) and `wire_check`'s helpers on
//! arbitrary bytes. Properties: whatever serde_json (strict) reads, the wire
//! parser reads to the same tree (strings, numbers, keys, the last of
//! duplicate keys); `unescape` agrees with serde_json on valid strings;
//! `cmp_bytes` is the byte order.
#![no_main]
use highlevel_fuzz::shallow;
use highlevel_wasm::json::{Doc, Json};
use highlevel_wasm::value::{Kind, Value};
use highlevel_wasm::wire_check::{cmp_bytes, unescape};
use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;

/// The wire view as serde_json's value (numbers compared as f64 below).
fn same(w: &Json, j: &J, depth: usize) {
    match j {
        J::Null => assert_eq!(w.kind(), Kind::Null),
        J::Bool(b) => assert_eq!(w.as_bool(), Some(*b)),
        J::Number(n) => {
            assert_eq!(w.kind(), Kind::Number);
            let (a, b) = (w.as_f64(), n.as_f64());
            assert!(a == b || a.zip(b).is_some_and(|(a, b)| a.is_nan() && b.is_nan()), "number {a:?} vs {b:?}");
        }
        J::String(s) => assert_eq!(w.as_str().as_deref(), Some(s.as_str())),
        J::Array(items) => {
            assert_eq!(w.kind(), Kind::Array);
            assert_eq!(w.len(), items.len());
            for (i, x) in items.iter().enumerate() {
                same(&w.item(i).expect("item"), x, depth + 1);
            }
            assert!(w.item(items.len()).is_none());
        }
        J::Object(map) => {
            assert_eq!(w.kind(), Kind::Object);
            let mut keys = w.keys();
            keys.sort();
            keys.dedup();
            let theirs: Vec<&String> = map.keys().collect();
            assert_eq!(keys.iter().collect::<Vec<_>>(), theirs);
            for (k, x) in map {
                same(&w.field(k).expect("member"), x, depth + 1);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let doc = Doc::parse_bytes(data);
    if let Some(root) = doc.as_ref().ok().and_then(|d| d.root()) {
        // Walk whatever was read: no accessor may panic on lenient input.
        let mut stack = vec![(root, 0)];
        while let Some((v, d)) = stack.pop() {
            let _ = (v.as_str(), v.as_f64(), v.as_bool(), v.field("a"), v.field(""));
            if d < 16 {
                stack.extend((0..v.len().min(32)).filter_map(|i| v.item(i)).map(|x| (x, d + 1)));
                for k in v.keys().into_iter().take(32) {
                    stack.extend(v.field(&k).map(|x| (x, d + 1)));
                }
            }
        }
    }
    if shallow(data) {
        if let Ok(j) = serde_json::from_slice::<J>(data) {
            let root = doc.as_ref().ok().and_then(|d| d.root()).expect("the wire parser reads every text serde_json reads");
            same(&root, &j, 0);
        }
    }
    // A string's body: unescape as JSON.parse reads it.
    let quoted = [&b"\""[..], data, b"\""].concat();
    if let Ok(J::String(s)) = serde_json::from_slice::<J>(&quoted) {
        assert_eq!(unescape(data), s);
    } else {
        let _ = unescape(data);
    }
    let (a, b) = data.split_at(data.len() / 2);
    assert_eq!(cmp_bytes(a, b), a.cmp(b));
});
