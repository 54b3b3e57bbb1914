//! The payload's `timestamp`: ISO 8601 date-time with an offset, to ms since
//! the epoch, and the replay window around "now".

use crate::Failure;

fn digits(s: &[u8], from: usize, n: usize) -> Option<i64> {
    let part = s.get(from..from + n)?;
    part.iter().try_fold(0i64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)` → ms since the epoch.
/// A time without an offset is refused: its meaning depends on the reader.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    let (y, mo, d) = (digits(s, 0, 4)?, digits(s, 5, 2)?, digits(s, 8, 2)?);
    if s.get(4) != Some(&b'-')
        || s.get(7) != Some(&b'-')
        || !matches!(s.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (h, mi) = (digits(s, 11, 2)?, digits(s, 14, 2)?);
    if s.get(13) != Some(&b':') {
        return None;
    }
    let mut i = 16;
    let mut sec = 0;
    let mut ms = 0;
    if s.get(i) == Some(&b':') {
        sec = digits(s, i + 1, 2)?;
        i += 3;
        if matches!(s.get(i), Some(b'.' | b',')) {
            let start = i + 1;
            i = start;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            // Milliseconds: the first three fraction digits, padded.
            ms = (0..3).try_fold(0i64, |acc, k| {
                let digit = if start + k < i {
                    digits(s, start + k, 1)?
                } else {
                    0
                };
                Some(acc * 10 + digit)
            })?;
        }
    }
    let offset_min = match s.get(i) {
        Some(b'Z' | b'z') if i + 1 == s.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(s, i + 1, 2)?;
            let om = match s.len() - (i + 3) {
                0 => 0,
                2 => digits(s, i + 3, 2)?,
                3 if s.get(i + 3) == Some(&b':') => digits(s, i + 4, 2)?,
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            (oh * 60 + om) * if sign == b'-' { -1 } else { 1 }
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + ms)
}

/// The payload's timestamp must parse and lie within `tolerance_sec` of `now_ms`.
pub fn check_window(
    timestamp: Option<&str>,
    now_ms: f64,
    tolerance_sec: f64,
) -> Result<(), Failure> {
    let text = timestamp.ok_or_else(|| Failure::replay("the payload has no timestamp"))?;
    let at = parse_iso8601(text).ok_or_else(|| {
        Failure::replay("the payload's timestamp is not an ISO 8601 date-time with an offset")
    })?;
    let skew = (now_ms - at as f64).abs();
    if skew.is_nan() || skew > tolerance_sec * 1000.0 {
        let when = if (at as f64) < now_ms {
            "old"
        } else {
            "far in the future"
        };
        // Plain concatenation: core::fmt would add kilobytes to the wasm.
        return Err(Failure::replay(
            &[
                "the payload's timestamp is too ",
                when,
                ": outside options.toleranceSec of now",
            ]
            .concat(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601("2025-01-28T14:35:00Z"),
            Some(1_738_074_900_000)
        );
        assert_eq!(
            parse_iso8601("2021-11-26T12:41:02.193Z"),
            Some(1_637_930_462_193)
        );
        assert_eq!(
            parse_iso8601("2021-11-26T12:41:02.1934567Z"),
            Some(1_637_930_462_193)
        );
        assert_eq!(
            parse_iso8601("2025-01-28T16:35:00+02:00"),
            Some(1_738_074_900_000)
        );
        assert_eq!(
            parse_iso8601("2025-01-28T09:35:00-0500"),
            Some(1_738_074_900_000)
        );
        assert_eq!(parse_iso8601("2025-01-28T14:35Z"), Some(1_738_074_900_000));
        assert_eq!(
            parse_iso8601("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "",
            "2025-01-28",
            "2025-01-28T14:35:00",
            "2025-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2025-01-28T24:00:00Z",
            "2025-01-28T14:35:00Zx",
            "2025-01-28T14:35:00.Z",
            "x025-01-28T14:35:00Z",
            "2025-01-28T14:35:00+2",
            "2025-01-28T14:35:00+25:00",
            "é",
            "2025-01-28T14:35:00+02:00:00",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn window() {
        let now = 1_738_074_900_000.0;
        assert!(check_window(Some("2025-01-28T14:35:00Z"), now, 300.0).is_ok());
        assert!(check_window(Some("2025-01-28T14:30:00Z"), now, 300.0).is_ok());
        assert!(check_window(Some("2025-01-28T14:29:59Z"), now, 300.0).is_err());
        assert!(check_window(Some("2025-01-28T14:40:01Z"), now, 300.0).is_err());
        assert!(check_window(None, now, 300.0).is_err());
        assert!(check_window(Some("yesterday"), now, 300.0).is_err());
        assert!(check_window(Some("2025-01-28T14:35:00Z"), f64::NAN, 300.0).is_err());
    }
}
