//! Helpers shared by the fuzz targets: the table reached only through
//! `table::op(i)` and `table::schema(i)` (so a change in how the table is
//! stored touches nothing here), input splitting, issue lists.

use highlevel_wasm::table::{self, Op};
use highlevel_wasm::validate::{check, Issue};
use highlevel_wasm::value::Value;
use std::sync::OnceLock;

/// Rows of this build's operation table.
pub fn ops_len() -> u32 {
    static N: OnceLock<u32> = OnceLock::new();
    *N.get_or_init(|| (0..).find(|&i| table::op(i).is_none()).unwrap_or(0))
}

/// Schema nodes of this build's table.
pub fn schemas_len() -> u16 {
    static N: OnceLock<u16> = OnceLock::new();
    *N.get_or_init(|| (0..table::NONE).find(|&i| table::schema(i).is_none()).unwrap_or(0))
}

/// The row a selector picks (any u16 picks one).
pub fn op_at(sel: u16) -> (u32, &'static Op) {
    let i = u32::from(sel) % ops_len().max(1);
    (i, table::op(i).expect("row within the table"))
}

/// Two selector bytes, then the rest.
pub fn selector(data: &[u8]) -> Option<(u16, &[u8])> {
    let (sel, rest) = data.split_first_chunk::<2>()?;
    Some((u16::from_le_bytes(*sel), rest))
}

/// `data` cut at the first `n - 1` NUL bytes (never valid inside JSON text)
/// into `n` parts; missing parts are empty.
pub fn parts<const N: usize>(data: &[u8]) -> [&[u8]; N] {
    let mut out = [&data[..0]; N];
    let mut rest = data;
    for (k, slot) in out.iter_mut().enumerate() {
        if k + 1 == N {
            *slot = rest;
            break;
        }
        match rest.iter().position(|&b| b == 0) {
            Some(at) => {
                *slot = &rest[..at];
                rest = &rest[at + 1..];
            }
            None => {
                *slot = rest;
                rest = &rest[rest.len()..];
            }
        }
    }
    out
}

pub fn issues<V: Value>(v: &V, schema: u16) -> Vec<Issue> {
    let mut out = Vec::new();
    check(v, schema, "", &mut out);
    out
}

/// serde_json's depth limit is 128; the wire parser goes to 512. Texts
/// nested deeper than serde reads are left out of comparisons.
pub fn shallow(text: &[u8]) -> bool {
    let (mut depth, mut max, mut in_str, mut esc) = (0i32, 0i32, false, false);
    for &b in text {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    max < 100
}
