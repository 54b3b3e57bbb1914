//! RFC 3339 date-times: formatting "now" for `dateUpdated`/`enrolledAt`, and
//! checking `eventStartTime`. Pure functions, no clock access here.

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2021-07-02T05:18:26.704Z` for a Unix time in milliseconds (the API's style).
pub fn format_millis(unix_ms: u64) -> String {
    let secs = unix_ms / 1_000;
    let ms = unix_ms % 1_000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3_600,
        (rem % 3_600) / 60,
        rem % 60
    )
}

// `is_multiple_of` is newer than the workspace's rust-version (1.80).
#[allow(unknown_lints, clippy::manual_is_multiple_of)]
fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses exactly `n` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, offset required
/// (the same rule as the table's `Fmt::DateTime`).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let fixed = (|| {
        let y = digits(b, 0, 4)?;
        let mo = digits(b, 5, 2)?;
        let d = digits(b, 8, 2)?;
        let h = digits(b, 11, 2)?;
        let mi = digits(b, 14, 2)?;
        let se = digits(b, 17, 2)?;
        let seps = b.get(4) == Some(&b'-')
            && b.get(7) == Some(&b'-')
            && matches!(b.get(10), Some(b'T' | b't' | b' '))
            && b.get(13) == Some(&b':')
            && b.get(16) == Some(&b':');
        let ok = seps
            && (1..=12).contains(&mo)
            && d >= 1
            && d <= days_in_month(y, mo)
            && h < 24
            && mi < 60
            && se <= 60;
        ok.then_some(())
    })();
    if fixed.is_none() {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let oh = digits(b, i + 1, 2);
            let om = digits(b, i + 4, 2);
            b.get(i + 3) == Some(&b':')
                && i + 6 == b.len()
                && oh.is_some_and(|h| h < 24)
                && om.is_some_and(|m| m < 60)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_millis(1_625_203_106_704), "2021-07-02T05:18:26.704Z");
        assert_eq!(format_millis(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn accepts_rfc3339() {
        for s in [
            "2021-06-23T03:30:00+01:00",
            "2021-06-23T03:30:00Z",
            "2021-06-23T03:30:00.123456-05:30",
            "2024-02-29T00:00:00z",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_rfc3339(s), "{s}");
        }
    }

    #[test]
    fn rejects_non_rfc3339() {
        for s in [
            "",
            "tomorrow",
            "2021-06-23",
            "2021-06-23T03:30:00",
            "2021-06-23T03:30:00+0100",
            "2021-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2021-06-23T24:00:00Z",
            "2021-06-23T03:30:00.Z",
            "2021-06-23T03:30:00Zjunk",
            "２021-06-23T03:30:00Z",
        ] {
            assert!(!is_rfc3339(s), "{s}");
        }
    }
}
