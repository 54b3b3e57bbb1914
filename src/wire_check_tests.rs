//! The fast pass never accepts what the full walk refuses, and accepts the
//! valid examples of every operation (else it would be no fast path at all).

use super::*;
use crate::json::Doc;
use crate::table::{BodyKind, OPS};
use crate::validate::check;
use serde_json::{json, Value as J};

fn walk_issues(schema: u16, text: &str) -> Vec<crate::validate::Issue> {
    let doc = Doc::parse(text).expect("parses"); // ok: test only
    let mut out = Vec::new();
    check(&doc.root().expect("root"), schema, "", &mut out); // ok: test only
    out
}

/// `\0path\0message...` as issues.
fn cut(text: &str) -> Vec<crate::validate::Issue> {
    let parts: Vec<&str> = text.split('\0').skip(1).collect();
    assert_eq!(parts.len() % 2, 0, "{text:?}");
    parts.chunks(2).map(|p| crate::validate::Issue::new(p[0], p[1])).collect()
}

fn walk_ok(schema: u16, text: &str) -> bool {
    walk_issues(schema, text).is_empty()
}

/// Each field replaced by values of every kind, removed, and nested wrong.
fn variants(body: &J) -> Vec<J> {
    let mut out = vec![body.clone(), json!(null), json!("x"), json!(1), json!([body.clone()]), json!({})];
    if let J::Object(o) = body {
        for k in o.keys() {
            for bad in [json!(null), json!(7), json!(1.5), json!(-0.0), json!(1e300), json!(""), json!("x"), json!("not-a-date"), json!("a@b.co"), json!("2021-06-23T03:30:00Z"), json!([]), json!([1, "a", null]), json!([{}]), json!({}), json!({"id": "x"}), json!(true), json!("a\"b")] {
                let mut b = o.clone();
                b.insert(k.clone(), bad);
                out.push(J::Object(b));
            }
            let mut b = o.clone();
            b.remove(k);
            out.push(J::Object(b));
            if let Some(J::Array(items)) = o.get(k) {
                for it in items {
                    if let J::Object(io) = it {
                        for ik in io.keys() {
                            let mut inner = io.clone();
                            inner.remove(ik);
                            let mut b = o.clone();
                            b.insert(k.clone(), json!([J::Object(inner)]));
                            out.push(J::Object(b));
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn never_accepts_what_the_walk_refuses() {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/smoke.json");
    let smoke: J = serde_json::from_str(&std::fs::read_to_string(p).expect("smoke.json")).expect("parses"); // ok: test only
    let (mut compared, mut fast, mut examples, mut reported) = (0, 0, 0, 0);
    for (row, op) in smoke["smoke"].as_array().expect("rows").iter().zip(OPS) {
        let Some(b) = op.body.as_ref().filter(|b| b.kind == BodyKind::Json) else { continue };
        if row["body"].is_null() {
            continue;
        }
        let example = serde_json::to_string(&row["body"]).expect("text"); // ok: test only
        if walk_ok(b.schema, &example) {
            examples += 1;
            fast += usize::from(valid(example.as_bytes(), b.schema));
        }
        for v in variants(&row["body"]) {
            let text = serde_json::to_string(&v).expect("text"); // ok: test only
            if valid(text.as_bytes(), b.schema) {
                assert!(walk_ok(b.schema, &text), "{}: accepted {text}", op.id);
            }
            // The member-by-member issues are the whole walk's, in its order.
            let mut got = String::new();
            if issues(text.as_bytes(), b.schema, &mut got).is_some() {
                assert_eq!(cut(&got), walk_issues(b.schema, &text), "{}: {text}", op.id);
                reported += 1;
            }
            compared += 1;
        }
    }
    assert!(compared > 5000, "{compared}");
    assert!(reported * 10 > compared * 9, "{reported} of {compared}");
    assert_eq!(fast, examples, "every valid example takes the fast path");
}

#[test]
fn refuses_malformed_or_trailing_text() {
    let schema = crate::table::find_op("add-followers-contact").and_then(|(_, o)| o.body.as_ref()).map(|b| b.schema).expect("op"); // ok: test only
    assert!(valid(br#" {"followers":["u1"],"x":{"y":[1,{"z":null}]}} "#, schema));
    for bad in [&br#"{"followers":["u1"]} x"#[..], br#"{"followers":["u1"]"#, br#"{"followers":["u1",]}"#, b"", br#"{"followers":[""]}"#, br#"{"followers":[]}"#, br#"{}"#] {
        assert!(!valid(bad, schema), "{}", String::from_utf8_lossy(bad));
    }
    let deep = format!(r#"{{"followers":["u"],"x":{}{}}}"#, "[".repeat(200), "]".repeat(200));
    assert!(!valid(deep.as_bytes(), schema));
}


#[test]
fn merged_alternatives_read_as_one_object() {
    // Custom fields: four object alternatives alike but for `field_value`.
    let schema = crate::table::find_op("upsert-contact").and_then(|(_, o)| o.body.as_ref()).map(|b| b.schema).expect("op"); // ok: test only
    for (item, ok) in [
        (r#"{"id":"a","field_value":"x"}"#, true),
        (r#"{"id":"a","key":"k","field_value":7.5}"#, true),
        (r#"{"id":"a","field_value":["x","y"]}"#, true),
        (r#"{"id":"a","field_value":{"b":1}}"#, true),
        (r#"{"id":"a"}"#, true),
        (r#"null"#, true),
        (r#"{"id":"a","field_value":true}"#, false),
        (r#"{"id":"a","field_value":[1]}"#, false),
        (r#"{"field_value":"x"}"#, false),
        (r#"{"id":5,"field_value":"x"}"#, false),
        (r#""x""#, false),
        (r#"[]"#, false),
        // The last of duplicate keys is what the walk reads.
        (r#"{"id":"a","field_value":"x","field_value":[]}"#, true),
    ] {
        let text = format!(r#"{{"locationId":"l","customFields":[{item}]}}"#);
        assert_eq!(walk_ok(schema, &text), ok, "{text}");
        if valid(text.as_bytes(), schema) {
            assert!(ok, "accepted {text}");
        } else {
            assert!(!ok || item.contains("field_value\":\"x\",\"field_value"), "refused {text}");
        }
    }
}

#[test]
fn no_nul_in_the_table() {
    // The issues pass writes prop names and enum texts into the issues text
    // as they are: a NUL would be cut wrongly in JS.
    #[allow(unused_mut)]
    let mut tables = vec![crate::table::SCHEMAS];
    #[cfg(feature = "both-tables")]
    tables.push(crate::table::v3::SCHEMAS);
    for t in tables {
        for i in 0..t.len() {
            let s = t.get(i as u16).expect("node"); // ok: test only
            for text in s.props.iter().map(|p| p.name).chain(s.enums.iter().copied()) {
                assert!(!text.contains('\0'), "{text:?}");
            }
            // The key guess (`NEXT`) takes a prop name met in the text
            // followed by a quote for that key: so no name may hold what
            // JSON writes escaped (a quote, a backslash, a control char).
            for p in s.props {
                assert!(!p.name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20), "{:?}", p.name);
            }
        }
    }
}
