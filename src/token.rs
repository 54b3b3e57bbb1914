//! The OAuth token endpoint's answer (`/oauth/token`, `/oauth/locationToken`)
//! read into the fields a session keeps, as `auth-rules.js`'s
//! `sessionFromToken` reads them: ids only when they are non-empty strings,
//! `expires_in` as JS `Number()` reads it (a string, `null`, `true`, `[60]`),
//! 86,399 s when that is not a finite number, scopes split on JS whitespace.
//! Pure and total over any JSON value (hostile answers included), so it is
//! tested natively and fuzzed (`fuzz/fuzz_targets/token.rs`); the clock, the
//! inherited fields and the session object stay in JS.

use crate::json::Doc;
use crate::validate::Issue;
use crate::value::{Kind, Value};

/// The token's life when the answer gives no finite `expires_in` (a day, less a second).
pub const DEFAULT_EXPIRES_IN: f64 = 86_399.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// `access_token` when it is a non-empty string.
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    /// Seconds, always finite.
    pub expires_in: f64,
    /// `Company` or `Location` when the answer says exactly that.
    pub user_type: Option<&'static str>,
    pub company_id: Option<String>,
    pub location_id: Option<String>,
    pub user_id: Option<String>,
    pub scopes: Vec<String>,
}

/// A non-empty string member (`id()` in auth-rules.js).
fn id<V: Value>(body: &V, key: &'static str) -> Option<String> {
    body.field_static(key).filter(|v| v.kind() == Kind::String).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
}

/// The fields of a token answer (`body` should be an object; anything else
/// reads as an answer with no fields).
pub fn read<V: Value>(body: &V) -> Token {
    let obj = body.kind() == Kind::Object;
    let field = |k: &'static str| if obj { id(body, k) } else { None };
    let expires = if obj { body.field_static("expires_in").map_or(f64::NAN, |v| js_number(&v, 0)) } else { f64::NAN };
    let user_type = match field("userType").as_deref() {
        Some("Company") => Some("Company"),
        Some("Location") => Some("Location"),
        _ => None,
    };
    let scopes = if obj { body.field_static("scope").filter(|v| v.kind() == Kind::String).and_then(|v| v.as_str()) } else { None };
    Token {
        access_token: field("access_token"),
        refresh_token: field("refresh_token"),
        expires_in: if expires.is_finite() { expires } else { DEFAULT_EXPIRES_IN },
        user_type,
        company_id: field("companyId"),
        location_id: field("locationId"),
        user_id: field("userId"),
        scopes: scopes.map(|s| s.split(is_js_space).filter(|x| !x.is_empty()).map(str::to_owned).collect()).unwrap_or_default(),
    }
}

/// What makes an answer no token at all: not an object, or no
/// non-empty string `access_token`.
pub fn problems<V: Value>(body: &V) -> Vec<Issue> {
    if body.kind() != Kind::Object {
        return vec![Issue::new("body", crate::text::cat(&["must be an object, got ", body.kind().name()]))];
    }
    if id(body, "access_token").is_none() {
        return vec![Issue::new("access_token", "is missing or not a non-empty string")];
    }
    Vec::new()
}

/// The answer's text: its fields, or why it is not a token answer.
pub fn parse(text: &[u8]) -> Result<Token, Vec<Issue>> {
    let doc = Doc::parse_bytes(text).map_err(|_| vec![Issue::new("body", "is not JSON")])?;
    let root = doc.root().ok_or_else(|| vec![Issue::new("body", "is not JSON")])?;
    let issues = problems(&root);
    if issues.is_empty() {
        Ok(read(&root))
    } else {
        Err(issues)
    }
}

/// JS `WhiteSpace` and `LineTerminator` (what `\s` and `Number()`'s trim see).
pub fn is_js_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}')
}

/// JS `Number(v)` for a JSON value: `nest` > 0 inside a one-item array,
/// which `Number()` reads through `String()` (so `[true]` is NaN, `[null]` 0).
fn js_number<V: Value>(v: &V, nest: u32) -> f64 {
    match v.kind() {
        Kind::Number => v.as_f64().unwrap_or(f64::NAN),
        Kind::String => string_to_number(&v.as_str().unwrap_or_default()),
        Kind::Null => 0.0,
        Kind::Bool if nest == 0 => f64::from(u8::from(v.as_bool() == Some(true))),
        Kind::Array if v.len() == 0 => 0.0,
        // `String([x])` is `String(x)`; two or more items join with a comma: never a number.
        Kind::Array if v.len() == 1 && nest < 64 => v.item(0).map_or(f64::NAN, |x| js_number(&x, nest + 1)),
        _ => f64::NAN,
    }
}

/// JS `StringToNumber`: trimmed; empty is 0; `Infinity` with a sign;
/// `0x`/`0o`/`0b` integers; else a decimal literal (`+1`, `.5`, `5.`, `1e3`).
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => 10,
    };
    if radix != 10 {
        return t.get(2..).map_or(f64::NAN, |d| integer(d, radix));
    }
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or_default()),
        Some(b'+') => (false, t.get(1..).unwrap_or_default()),
        _ => (false, t),
    };
    let n = if body == "Infinity" { f64::INFINITY } else { decimal(body) };
    if neg {
        -n
    } else {
        n
    }
}

/// Digits in `radix` (none, or any other character: NaN), rounded to the
/// nearest f64 as JS does (exactly up to 128 bits of value).
fn integer(d: &str, radix: u32) -> f64 {
    if d.is_empty() {
        return f64::NAN;
    }
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for c in d.chars() {
        let Some(v) = c.to_digit(radix) else { return f64::NAN };
        exact = exact.and_then(|n| n.checked_mul(u128::from(radix))).and_then(|n| n.checked_add(u128::from(v)));
        approx = approx * f64::from(radix) + f64::from(v);
    }
    exact.map_or(approx, |n| n as f64)
}

/// An unsigned decimal literal as JS reads it, rewritten into JSON's
/// number syntax for `num::parse` (`.5` → `0.5`, `5.` → `5`, `007` → `7`).
fn decimal(b: &str) -> f64 {
    let (mant, exp) = match b.find(['e', 'E']) {
        Some(i) => (b.get(..i).unwrap_or_default(), Some(b.get(i + 1..).unwrap_or_default())),
        None => (b, None),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return f64::NAN;
    }
    let mut json = String::with_capacity(b.len() + 2);
    let int = int.trim_start_matches('0');
    json.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    if let Some(e) = exp {
        let digits_only = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits_only.is_empty() || !digits(digits_only) {
            return f64::NAN;
        }
        json.push('e');
        json.push_str(e);
    }
    // `num::parse` answers None for what overflows to Infinity.
    crate::num::parse(json.as_bytes()).unwrap_or(f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tok(v: serde_json::Value) -> Token {
        read(&&v)
    }

    /// The cases `sessionFromToken` is tested with (tests/js/oauth-rules.test.js).
    #[test]
    fn reads_a_token_answer() {
        let t = tok(json!({ "access_token": "AT", "refresh_token": "RT", "expires_in": 86399, "scope": "a b", "userType": "Location", "companyId": "C", "locationId": "L", "userId": "U", "token_type": "Bearer" }));
        assert_eq!(t, Token { access_token: Some("AT".into()), refresh_token: Some("RT".into()), expires_in: 86_399.0, user_type: Some("Location"), company_id: Some("C".into()), location_id: Some("L".into()), user_id: Some("U".into()), scopes: vec!["a".into(), "b".into()] });
        let t = tok(json!({ "access_token": "AT2", "expires_in": 10 }));
        assert_eq!((t.expires_in, t.refresh_token, t.user_type, t.scopes.len()), (10.0, None, None, 0));
        let t = tok(json!({ "access_token": "", "refresh_token": 5, "userType": "company", "locationId": "", "scope": ["a"] }));
        assert_eq!((t.access_token, t.refresh_token, t.user_type, t.location_id, t.scopes.len()), (None, None, None, None, 0));
    }

    #[test]
    fn expires_in_as_js_number_reads_it() {
        let cases = [
            (json!(60), 60.0),
            (json!(" 60\n"), 60.0),
            (json!("1e3"), 1000.0),
            (json!("+.5"), 0.5),
            (json!("5."), 5.0),
            (json!("007"), 7.0),
            (json!("-0x10"), DEFAULT_EXPIRES_IN),
            (json!("0x10"), 16.0),
            (json!("0b101"), 5.0),
            (json!("0o17"), 15.0),
            (json!(""), 0.0),
            (json!(null), 0.0),
            (json!(true), 1.0),
            (json!(false), 0.0),
            (json!([]), 0.0),
            (json!([60]), 60.0),
            (json!([[" 7 "]]), 7.0),
            (json!([null]), 0.0),
            (json!([true]), DEFAULT_EXPIRES_IN),
            (json!([1, 2]), DEFAULT_EXPIRES_IN),
            (json!({}), DEFAULT_EXPIRES_IN),
            (json!("Infinity"), DEFAULT_EXPIRES_IN),
            (json!("1e400"), DEFAULT_EXPIRES_IN),
            (json!("1_000"), DEFAULT_EXPIRES_IN),
            (json!("1e"), DEFAULT_EXPIRES_IN),
            (json!("."), DEFAULT_EXPIRES_IN),
            (json!("\u{feff}42\u{3000}"), 42.0),
            (json!("\u{85}42"), DEFAULT_EXPIRES_IN),
        ];
        for (v, want) in cases {
            assert_eq!(tok(json!({ "access_token": "a", "expires_in": v })).expires_in, want, "{v}");
        }
        assert_eq!(tok(json!({ "access_token": "a" })).expires_in, DEFAULT_EXPIRES_IN);
    }

    #[test]
    fn scopes_split_on_js_whitespace() {
        let t = tok(json!({ "scope": "  a\u{a0}b\tc\u{2028}d\u{85}e  " }));
        assert_eq!(t.scopes, ["a", "b", "c", "d\u{85}e"]);
    }

    #[test]
    fn text_answers() {
        assert!(parse(br#"{"access_token":"x","expires_in":"12"}"#).is_ok_and(|t| t.expires_in == 12.0));
        for bad in [&b"<html>"[..], b"", b"[]", b"null", br#"{"access_token":""}"#, br#"{"access_token":7}"#] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
