//! The wire pass's scalar rules (type, enum, length, format of one literal)
//! and JSON string unescaping, as `validate` reads them. Split from
//! wire_check.rs, unchanged.

use super::Lit;
use crate::schema_bytes::same;
use crate::table::{Fmt, Schema, Ty};
use crate::validate::check_format;

pub(super) fn scalar_fits(s: &Schema, lit: &Lit) -> bool {
    let ok = match (s.ty, lit) {
        (Ty::Any, _) => true,
        (Ty::String, Lit::Str(..)) | (Ty::Boolean, Lit::Bool(_)) => true,
        (Ty::Number, Lit::Num(t)) => number(t).is_some_and(f64::is_finite),
        (Ty::Integer, Lit::Num(t)) => number(t).is_some_and(|n| n.is_finite() && n.fract() == 0.0),
        _ => false,
    };
    if !ok {
        return false;
    }
    match lit {
        // Escaped strings are rare on the fast path: the walk decides.
        Lit::Str(_, true) => false,
        Lit::Str(raw, false) => {
            if s.enums.is_empty() && s.min_length == 0 && s.format == Fmt::None {
                return true; // no rule reads the text
            }
            let enum_ok = s.enums.is_empty() || enum_has(s.enums, raw);
            if !enum_ok || (s.min_length == 0 && s.format == Fmt::None) {
                return enum_ok; // the text is an enum's: UTF-8 for sure
            }
            let Ok(text) = std::str::from_utf8(raw) else { return false };
            let len_ok = s.min_length == 0 || crate::text::char_count(text) >= s.min_length as usize;
            len_ok && (s.format == Fmt::None || check_format(s.format, text).is_ok())
        }
        Lit::Num(t) => s.enums.is_empty() || number(t).is_some_and(|n| s.enums.iter().any(|e| number(e.as_bytes()) == Some(n))),
        Lit::Bool(b) => s.enums.is_empty() || s.enums.iter().any(|e| e.parse::<bool>().ok() == Some(*b)),
        Lit::Null => false,
    }
}

/// Whether the unescaped string text `raw` is one of `enums` (JSON texts).
/// Bytes compared in a plain loop (`starts_with` and `==` on `str` were
/// calls and a `memcmp`).
pub(super) fn enum_has(enums: &[&str], raw: &[u8]) -> bool {
    enums.iter().any(|e| e.len() == raw.len() + 2 && matches!(e.as_bytes().first(), Some(b'"')) && e.as_bytes().get(1..=raw.len()).is_some_and(|t| same(t, raw)))
}

pub(super) fn number(t: &[u8]) -> Option<f64> {
    crate::num::parse(t)
}

/// `\"`, `\\`, `\n`, `\uXXXX` (with surrogate pairs) and the rest, as JSON.parse reads them.
pub fn unescape(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let hex = |i: usize| raw.get(i..i + 4).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok());
    while i < raw.len() {
        let run = raw.get(i..).map_or(0, |r| r.iter().take_while(|&&c| c != b'\\').count());
        out.push_str(&String::from_utf8_lossy(raw.get(i..i + run).unwrap_or_default()));
        i += run;
        if i >= raw.len() {
            break;
        }
        let c = raw.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        match c {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'u' => {
                let hi = hex(i).unwrap_or(0xfffd);
                i += 4;
                let ch = if (0xd800..0xdc00).contains(&hi) && raw.get(i) == Some(&b'\\') && raw.get(i + 1) == Some(&b'u') {
                    match hex(i + 2) {
                        Some(lo) if (0xdc00..0xe000).contains(&lo) => {
                            i += 6;
                            char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                        }
                        _ => None,
                    }
                } else {
                    char::from_u32(hi)
                };
                out.push(ch.unwrap_or('\u{fffd}'));
            }
            other => out.push(char::from(other)),
        }
    }
    out
}
