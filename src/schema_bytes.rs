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
use std::sync::atomic::AtomicU32;
use std::sync::OnceLock;

/// One table: every node's bytes in one blob (each a LEB128 length, then
/// the node), where each node starts (found on first use), and each node's
/// decoded form once asked for. One blob, not a `&[&[u8]]`: the 784 v2
/// slices' pointers and lengths were 6.3 KB of data that gzip shrank only to
/// 3.1 KB, where the length bytes cost ~0.5 KB.
pub struct Schemas {
    pub blob: &'static [u8],
    pub starts: &'static OnceLock<Vec<u32>>,
    pub cache: &'static [OnceLock<Node>],
}

/// The size of `parts` as a blob: each part's bytes, after its LEB128
/// length if `sized`.
#[allow(clippy::indexing_slicing)] // ok: const evaluation only
pub const fn blob_len(parts: &[&[u8]], sized: bool) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        let len = parts[i].len();
        n += len;
        if sized {
            n += 1 + (len >= 0x80) as usize + (len >= 0x4000) as usize;
        }
        i += 1;
    }
    n
}

/// `parts` as one blob (see `blob_len`), in const evaluation (an index out
/// of bounds fails the build, never the wasm): the parts themselves stay
/// out of the binary.
#[allow(clippy::indexing_slicing)] // ok: const evaluation only
pub const fn blob<const N: usize>(parts: &[&[u8]], sized: bool) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut at, mut i) = (0, 0);
    while i < parts.len() {
        let p = parts[i];
        let mut len = p.len();
        while sized && len >= 0x80 {
            out[at] = (len & 0x7f) as u8 | 0x80;
            len >>= 7;
            at += 1;
        }
        if sized {
            out[at] = len as u8;
            at += 1;
        }
        let mut j = 0;
        while j < p.len() {
            out[at] = p[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A decoded node, and for an object with props a small hash table of
/// them (`prop index + 1`, 0 = empty; see `key_hash`): the wire pass finds
/// a member's prop in one probe instead of a binary search, whose
/// unpredictable branches were most of its cost on a 24-prop contact body.
pub struct Node {
    pub schema: Schema,
    pub keys: &'static [u16],
    /// No allOf/oneOf/anyOf: the wire pass reads the value once, by its type.
    pub simple: bool,
    /// A string is accepted whatever its text (string or any type, no enum,
    /// length or format): the wire pass only finds its end.
    pub free_text: bool,
    /// `one_of` and `any_of` without repeats (several fields of the specs
    /// resolve to one node: custom fields list 4 nodes 9 times).
    pub distinct: [&'static [u16]; 2],
    /// A bit per required prop (the first 64).
    pub required: u64,
    /// Object alternatives alike but for one prop's schema, which the wire
    /// pass reads as one object (`wire_check::merge`), found on first use:
    /// 0 not yet looked at, 1 none, else `(first alternative + 1) << 8 | prop`.
    pub merged: AtomicU32,
}


/// A cheap hash of a key: its length and three of its bytes.
#[inline(always)]
pub fn key_hash(k: &[u8]) -> usize {
    let at = |i: usize| usize::from(k.get(i).copied().unwrap_or(0));
    let n = k.len();
    (n.wrapping_mul(0x9E37) ^ at(0).wrapping_mul(31) ^ at(n / 2).wrapping_mul(131) ^ at(n.wrapping_sub(1)).wrapping_mul(7)).wrapping_mul(0x2545)
        >> 4
}

fn key_table(props: &[Prop]) -> &'static [u16] {
    if props.is_empty() || props.len() >= usize::from(u16::MAX) {
        return &[];
    }
    let size = (props.len() * 2).next_power_of_two();
    let mut t = vec![0u16; size];
    for (i, p) in props.iter().enumerate() {
        let mut h = key_hash(p.name.as_bytes()) & (size - 1);
        while t.get(h).is_some_and(|&x| x != 0) {
            h = (h + 1) & (size - 1);
        }
        if let Some(slot) = t.get_mut(h) {
            *slot = i as u16 + 1;
        }
    }
    Box::leak(t.into_boxed_slice())
}

/// The prop named `key`: one probe of the node's hash table (every node
/// with props has one: a binary search beside it, for one prop, was more
/// code in each of the four places this is inlined).
#[inline(always)]
pub fn find(props: &[Prop], keys: &[u16], key: &[u8]) -> Option<usize> {
    if keys.is_empty() {
        return find_unhashed(props, key);
    }
    let mask = keys.len() - 1;
    let mut h = key_hash(key) & mask;
    loop {
        let i = usize::from(*keys.get(h)?).checked_sub(1)?;
        if same(props.get(i)?.name.as_bytes(), key) {
            return Some(i);
        }
        h = (h + 1) & mask;
    }
}

/// No hash table: no props, or too many to index with a `u16`.
#[inline(never)]
fn find_unhashed(props: &[Prop], key: &[u8]) -> Option<usize> {
    props.iter().position(|p| same(p.name.as_bytes(), key))
}

/// Byte order of two short keys. A plain loop: a `memcmp` call per
/// comparison was the largest cost of the whole pass.
#[inline(always)]
pub fn cmp_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Equal keys: lengths first, then a plain loop (`==` on slices was a
/// `memcmp` call, ~2% of a valid upsert check in wasm; `zip().all()` a call
/// per byte at opt-level "z").
#[inline(always)]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while let (Some(x), Some(y)) = (a.get(i), b.get(i)) {
        if x != y {
            return false;
        }
        i += 1;
    }
    true
}

/// `alts` in order, each once.
fn dedup(alts: &'static [u16]) -> &'static [u16] {
    let mut out: Vec<u16> = Vec::with_capacity(alts.len());
    for &a in alts {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    if out.len() == alts.len() {
        return alts;
    }
    Box::leak(out.into_boxed_slice())
}

/// The bytes of an `Any` node (a left-out service's nodes become this).
pub const ANY: &[u8] = b"";

impl Schemas {
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
    }

    /// Node `index`'s bytes; the first call finds where each node starts.
    fn bytes(&self, index: u16) -> Option<&'static [u8]> {
        let starts = self.starts.get_or_init(|| {
            let mut r = Reader { b: self.blob, i: 0 };
            (0..self.cache.len())
                .map(|_| {
                    let at = r.i as u32;
                    let len = r.num() as usize;
                    r.i = r.i.saturating_add(len);
                    at
                })
                .collect()
        });
        let mut r = Reader { b: self.blob, i: *starts.get(index as usize)? as usize };
        let len = r.num() as usize;
        r.rest().get(..len)
    }

    pub fn get(&'static self, index: u16) -> Option<&'static Schema> {
        self.node(index).map(|n| &n.schema)
    }

    /// Inline for the decoded case (once per value in the wire pass); the
    /// first decode stays out of line.
    #[inline(always)]
    pub fn node(&'static self, index: u16) -> Option<&'static Node> {
        if index == NONE {
            return None;
        }
        let cell = self.cache.get(index as usize)?;
        match cell.get() {
            Some(n) => Some(n),
            None => self.init(index, cell),
        }
    }

    #[inline(never)]
    fn init(&'static self, index: u16, cell: &'static OnceLock<Node>) -> Option<&'static Node> {
        let bytes = self.bytes(index)?;
        Some(cell.get_or_init(|| {
            let schema = decode(bytes);
            let simple = schema.all_of.is_empty() && schema.one_of.is_empty() && schema.any_of.is_empty();
            let free_text = matches!(schema.ty, Ty::String | Ty::Any) && schema.enums.is_empty() && schema.min_length == 0 && schema.format == crate::table::Fmt::None;
            let distinct = [dedup(schema.one_of), dedup(schema.any_of)];
            let required = schema.props.iter().take(64).enumerate().filter(|(_, p)| p.required).fold(0u64, |m, (i, _)| m | 1 << i);
            Node { keys: key_table(schema.props), schema, simple, free_text, distinct, required, merged: AtomicU32::new(0) }
        }))
    }
}

/// Reads the generated tables' bytes (this file's nodes, `op_bytes`' rows):
/// past the end it reads zeros and empty text, never a panic.
pub(crate) struct Reader {
    pub(crate) b: &'static [u8],
    pub(crate) i: usize,
}

impl Reader {
    pub(crate) fn byte(&mut self) -> u8 {
        let v = self.b.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        v
    }

    pub(crate) fn num(&mut self) -> u32 {
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

    /// A LEB128 length, then that many bytes of UTF-8.
    pub(crate) fn sized_text(&mut self) -> &'static str {
        let len = self.num() as usize;
        self.text(len)
    }

    /// The bytes from here on.
    pub(crate) fn rest(&self) -> &'static [u8] {
        self.b.get(self.i..).unwrap_or(&[])
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
