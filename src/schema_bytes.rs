//! The schema table as bytes: codegen writes each node as a few bytes (names
//! and enum values inline) instead of a `Schema` struct full of pointers, and
//! a node is decoded into a `Schema` on first use, then kept. Measured on the
//! v2 build: the table of structs was ~33 KB of the wasm's gzip size (a build
//! without it), pointers compressing badly; see BENCHMARKS.md, section 3.
//!
//! A node: one byte `ty | nullable << 3 | format << 4`, then LEB128 numbers:
//! `items + 1` (0: none), `min_items`, `min_length`, the props (count, then
//! per prop `name length * 2 + required`, the name, `schema + 1`), the enums
//! (count, then length and JSON text each), and `all_of`, `one_of`, `any_of`
//! (count, then `index + 1` each). Trailing zeros are left out: a plain
//! string node is one byte. Malformed bytes decode to what they can, never
//! a panic (codegen is the only writer).

use crate::table::{Fmt, Prop, Schema, Ty, NONE};
use std::sync::OnceLock;

/// One table: each node's bytes, and its decoded form once asked for.
pub struct Schemas {
    pub bytes: &'static [&'static [u8]],
    pub cache: &'static [OnceLock<Schema>],
}

/// The bytes of an `Any` node (a left-out service's nodes become this).
pub const ANY: &[u8] = b"";

impl Schemas {
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn get(&'static self, index: u16) -> Option<&'static Schema> {
        if index == NONE {
            return None;
        }
        let bytes = self.bytes.get(index as usize)?;
        Some(self.cache.get(index as usize)?.get_or_init(|| decode(bytes)))
    }
}

struct Reader {
    b: &'static [u8],
    i: usize,
}

impl Reader {
    fn byte(&mut self) -> u8 {
        let v = self.b.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        v
    }

    fn num(&mut self) -> u32 {
        let (mut v, mut shift) = (0u32, 0u32);
        loop {
            let b = self.byte();
            v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 || shift > 28 {
                return v;
            }
            shift += 7;
        }
    }

    /// An index written as `index + 1` (0 meaning none).
    fn index(&mut self) -> u16 {
        (self.num() as u16).wrapping_sub(1)
    }

    fn text(&mut self, len: usize) -> &'static str {
        let start = self.i.min(self.b.len());
        let end = self.i.saturating_add(len).min(self.b.len());
        self.i = self.i.saturating_add(len);
        self.b.get(start..end).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> &'static [T] {
        let n = self.num() as usize;
        if n == 0 {
            return &[];
        }
        // Bounded by the bytes left: a count cannot ask for more than that.
        let v: Vec<T> = (0..n.min(self.b.len())).map(|_| item(self)).collect();
        Box::leak(v.into_boxed_slice())
    }
}

fn decode(b: &'static [u8]) -> Schema {
    let mut r = Reader { b, i: 0 };
    let head = r.byte();
    let ty = match head & 7 {
        1 => Ty::String,
        2 => Ty::Number,
        3 => Ty::Integer,
        4 => Ty::Boolean,
        5 => Ty::Array,
        6 => Ty::Object,
        _ => Ty::Any,
    };
    let format = match head >> 4 {
        1 => Fmt::DateTime,
        2 => Fmt::Date,
        3 => Fmt::Email,
        4 => Fmt::Uri,
        _ => Fmt::None,
    };
    let items = r.index();
    let min_items = r.num();
    let min_length = r.num();
    let props = r.list(|r| {
        let n = r.num();
        let name = r.text((n >> 1) as usize);
        Prop { name, schema: r.index(), required: n & 1 == 1 }
    });
    let enums = r.list(|r| {
        let n = r.num() as usize;
        r.text(n)
    });
    let all_of = r.list(Reader::index);
    let one_of = r.list(Reader::index);
    let any_of = r.list(Reader::index);
    Schema { ty, nullable: head & 8 != 0, format, enums, items, props, all_of, one_of, any_of, min_items, min_length }
}
