//! Numbers to and from text without Rust's float formatting and parsing
//! machinery (`core::num::flt2dec` and `dec2flt`, about 25 KB of wasm):
//! integers, which are nearly every number on the wire, are done here; in
//! wasm the rest goes to the JS engine's `Number`, which also gives exactly
//! JS's spelling (`String(1e21)` is `1e+21`), what the official SDK sends.

/// Integers below this are exact in an f64 and spelled as digits in JS too.
const EXACT: f64 = 1e15;

/// JSON number syntax (RFC 8259), as strict as `JSON.parse`: `-0.5e3`, not
/// `+1`, `.5`, `01`, `0x10` or `Infinity`.
pub fn is_json_number(t: &[u8]) -> bool {
    let mut i = usize::from(t.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while t.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match t.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if t.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == t.len()
}

/// The value of JSON number text, or `None` when it is not one (or is out
/// of f64's range).
pub fn parse(t: &[u8]) -> Option<f64> {
    if !is_json_number(t) {
        return None;
    }
    let (neg, digits) = match t.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, t),
    };
    // Up to 15 digits, no fraction or exponent: exact in an f64.
    if digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let n = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
        return Some(if neg { -n } else { n });
    }
    let n = engine_parse(std::str::from_utf8(t).ok()?)?;
    n.is_finite().then_some(n)
}

/// An integer as `str::parse::<i64>` reads it (an optional sign, at least
/// one ASCII digit, nothing else, `None` past i64's range). One loop for
/// every integer the crate parses: core's generic `from_str` was ~0.6 KB of
/// wasm, plus inlined copies.
pub fn int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s.as_bytes()),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n = 0i64;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        let d = i64::from(d - b'0');
        n = n.checked_mul(10)?;
        n = if neg { n.checked_sub(d)? } else { n.checked_add(d)? };
    }
    Some(n)
}

/// `int` as an unsigned `parse` reads it: no `-` sign, not even `-0`.
pub fn uint(s: &str) -> Option<u64> {
    if s.starts_with('-') {
        return None;
    }
    int(s).and_then(|n| u64::try_from(n).ok())
}

/// A number as text, spelled as JS's `String(n)` spells it.
pub fn text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < EXACT {
        // `-0` is `0` in JS too.
        return (n as i64).to_string();
    }
    engine_text(n)
}

#[cfg(target_arch = "wasm32")]
fn engine_parse(s: &str) -> Option<f64> {
    // The syntax is checked already: parseFloat reads all of it, exactly.
    let n = js_sys::Number::parse_float(s);
    (!n.is_nan()).then_some(n)
}

#[cfg(not(target_arch = "wasm32"))]
fn engine_parse(s: &str) -> Option<f64> {
    s.parse().ok()
}

#[cfg(target_arch = "wasm32")]
fn engine_text(n: f64) -> String {
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn engine_text(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_syntax() {
        for ok in ["0", "-0", "12", "-12", "0.5", "1e3", "1E+3", "-1.25e-7", "123456789012345678901234567890"] {
            assert!(is_json_number(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "-", "+1", ".5", "01", "1.", "1e", "1e+", "0x10", "Infinity", "NaN", " 1", "1 ", "1.2.3", "--1"] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn parses_like_json_parse() {
        assert_eq!(parse(b"42"), Some(42.0));
        assert_eq!(parse(b"-7"), Some(-7.0));
        assert_eq!(parse(b"0.1"), Some(0.1));
        assert_eq!(parse(b"1e3"), Some(1000.0));
        assert_eq!(parse(b"9007199254740993"), Some(9_007_199_254_740_992.0));
        assert_eq!(parse(b"1e400"), None);
        assert_eq!(parse(b"abc"), None);
    }

    #[test]
    fn integers_like_parse() {
        for t in ["0", "7", "+7", "-7", "-0", "007", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "", "+", "-", "1.0", " 1", "1a", "--1", "+-1"] {
            assert_eq!(int(t), t.parse::<i64>().ok(), "{t}");
            assert_eq!(uint(t).and_then(|n| u32::try_from(n).ok()), t.parse::<u32>().ok(), "{t}");
        }
    }

    #[test]
    fn spells_like_js() {
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(25.0), "25");
        assert_eq!(text(-3.0), "-3");
        assert_eq!(text(1.5), "1.5");
        assert_eq!(text(f64::NAN), "NaN");
    }
}
