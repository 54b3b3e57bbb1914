//! String formats the schemas declare. Hand-written checks: a regex engine
//! would cost more wasm bytes than the whole validator. No dependencies, so
//! codegen includes this same file to vet the examples it writes.

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

fn in_range(b: &[u8], lo: u32, hi: u32) -> bool {
    digits(b).is_some_and(|n| n >= lo && n <= hi)
}

/// `YYYY-MM-DD` with a real day of month.
pub fn is_date(b: &[u8]) -> bool {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let part = |r: std::ops::Range<usize>| b.get(r).and_then(digits);
    let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    d >= 1 && d <= max
}

/// RFC 3339 `date-time`: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(date), Some(b'T' | b't'), Some(t)) = (b.get(..10), b.get(10), b.get(11..)) else {
        return false;
    };
    if b.len() < 20 || !is_date(date) {
        return false;
    }
    // `hh:mm:ss`, then what follows.
    let (Some([h1, h2, b':', m1, m2, b':', s1, s2]), Some(mut rest)) = (t.first_chunk::<8>(), t.get(8..)) else {
        return false;
    };
    if !(in_range(&[*h1, *h2], 0, 23) && in_range(&[*m1, *m2], 0, 59) && in_range(&[*s1, *s2], 0, 60)) || rest.is_empty() {
        return false;
    }
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = frac.get(n..).unwrap_or_default();
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            in_range(&[*h1, *h2], 0, 23) && in_range(&[*m1, *m2], 0, 59)
        }
        _ => false,
    }
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = rsplit_byte(s, b'@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !spaced(s)
}

/// Any whitespace or control character; ASCII text by bytes (chars and the
/// Unicode tables were a call per character in wasm).
fn spaced(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        s.chars().any(|c| c.is_whitespace() || c.is_control())
    }
}

pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut cs = scheme.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !spaced(s)
}

/// `s.rsplit_once(b)` for an ASCII byte, by a plain loop (here, not in
/// `text`: codegen compiles this file on its own): core's version
/// brings `memrchr` (~0.6 KB of wasm with its caller).
pub fn rsplit_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|c| c == b)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsplit_byte_is_rsplit_once() {
        for s in ["a@b@c", "@", "", "ab", "é@ü", "x:80"] {
            assert_eq!(rsplit_byte(s, b'@'), s.rsplit_once('@'));
            assert_eq!(rsplit_byte(s, b':'), s.rsplit_once(':'));
        }
    }

    #[test]
    fn date_times() {
        for ok in ["2021-06-23T03:30:00+01:00", "2024-02-29T23:59:59Z", "2021-06-23T03:30:00.123-05:30"] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2021-06-23T03:30:00", // no offset
            "2021-06-23 03:30:00Z",
            "2023-02-29T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "2021-06-23T24:00:00Z",
            "2021-06-23T03:30:00+0100",
            "2021-06-23T03:30:00.Z",
            "yesterday",
            "",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn other_formats() {
        assert!(is_date(b"2020-01-31") && !is_date(b"2020-04-31") && !is_date(b"20-01-01"));
        assert!(is_email("a@b.co") && !is_email("a@b") && !is_email("@b.co") && !is_email("a b@c.de"));
        assert!(is_uri("https://x.y/z") && !is_uri("x.y/z") && !is_uri("1http://x"));
    }
}
