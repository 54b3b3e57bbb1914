//! The JSON-text input must read exactly as the same value does through
//! serde_json: every smoke example, valid and broken in several ways, gives
//! the same issues (paths, messages, order) both ways.

use super::*;
use crate::table::{BodyKind, OPS};
use crate::validate::{check, Issue};
use serde_json::{json, Value as J};

fn via_text(schema: u16, v: &J) -> Vec<Issue> {
    let text = serde_json::to_string(v).expect("serializes"); // ok: test only
    let doc = Doc::parse(&text).expect("parses"); // ok: test only
    let mut out = Vec::new();
    check(&doc.root().expect("root"), schema, "", &mut out); // ok: test only
    out
}

fn via_serde(schema: u16, v: &J) -> Vec<Issue> {
    let mut out = Vec::new();
    check(&v, schema, "", &mut out);
    out
}

/// Ways to break a body: each field in turn replaced by values of every kind.
fn variants(body: &J) -> Vec<J> {
    let mut out = vec![body.clone(), json!(null), json!("x"), json!([body.clone()])];
    if let J::Object(o) = body {
        for k in o.keys() {
            for bad in [json!(null), json!(7), json!(1.5), json!(""), json!("not-a-date"), json!([]), json!([1, "a", null]), json!({}), json!(true)] {
                let mut b = o.clone();
                b.insert(k.clone(), bad);
                out.push(J::Object(b));
            }
            let mut b = o.clone();
            b.remove(k);
            out.push(J::Object(b));
        }
    }
    out
}

#[test]
fn every_smoke_body_reads_the_same_as_serde() {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/smoke.json");
    let smoke: J = serde_json::from_str(&std::fs::read_to_string(p).expect("smoke.json")).expect("parses"); // ok: test only
    let mut compared = 0;
    for (row, op) in smoke["smoke"].as_array().expect("rows").iter().zip(OPS) {
        let Some(b) = op.body.as_ref().filter(|b| b.kind == BodyKind::Json) else { continue };
        if row["body"].is_null() {
            continue;
        }
        for v in variants(&row["body"]) {
            assert_eq!(via_text(b.schema, &v), via_serde(b.schema, &v), "{} {v}", op.id);
            compared += 1;
        }
    }
    assert!(compared > 1000, "{compared}");
}

/// `Json::members` finds props by binary search.
#[test]
fn props_are_sorted() {
    for i in 0..crate::table::SCHEMAS.len() as u16 {
        let s = crate::table::schema(i).expect("in range"); // ok: test only
        assert!(s.props.windows(2).all(|w| w[0].name < w[1].name), "schema {i}"); // ok: test only
    }
}

#[test]
fn reads_what_json_stringify_writes() {
    let text = r#" {"a":"x\"y\\z\n\u00e9\ud83d\ude00","b":[1,-2.5e3,true,false,null,{}],"c":{"d":[]},"a\u0062c":1,"dup":1,"dup":"last"} "#;
    let doc = Doc::parse(text).expect("parses"); // ok: test only
    let r = doc.root().expect("root"); // ok: test only
    assert_eq!(r.kind(), Kind::Object);
    assert_eq!(r.keys(), vec!["a", "b", "c", "abc", "dup", "dup"]);
    assert_eq!(r.field("a").and_then(|a| a.as_str()).as_deref(), Some("x\"y\\z\né😀"));
    let b = r.field("b").expect("b"); // ok: test only
    assert_eq!(b.len(), 6);
    assert_eq!(b.item(1).and_then(|n| n.as_f64()), Some(-2500.0));
    assert_eq!(b.item(2).and_then(|n| n.as_bool()), Some(true));
    assert_eq!(b.item(4).map(|n| n.kind()), Some(Kind::Null));
    assert_eq!(b.item(5).map(|n| n.kind()), Some(Kind::Object));
    assert!(b.item(6).is_none());
    assert_eq!(r.field("c").and_then(|c| c.field("d")).map(|d| d.len()), Some(0));
    assert_eq!(r.field("abc").and_then(|n| n.as_f64()), Some(1.0));
    assert_eq!(r.field("dup").and_then(|n| n.as_str()).as_deref(), Some("last"));
    assert!(r.field("zzz").is_none());
    for scalar in ["1", "\"s\"", "null", "true", "[]", "{}"] {
        assert!(Doc::parse(scalar).is_ok(), "{scalar}");
    }
}

#[test]
fn malformed_text_is_an_error_not_a_panic() {
    for bad in ["", "{", "[1,", "{\"a\"}", "{\"a\":}", "[1 2]", "tru", "\"abc", "{} x", "[}", "{]", "\"\\", "{\"a\":1,}", "\u{1}"] {
        assert!(Doc::parse(bad).is_err(), "{bad:?}");
    }
    let deep = "[".repeat(100_000);
    assert!(Doc::parse(&deep).is_err());
    let nested = format!("{}{}", "[".repeat(300), "]".repeat(300));
    assert!(Doc::parse(&nested).is_ok());
}

