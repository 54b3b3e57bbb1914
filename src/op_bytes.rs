//! The operation table as bytes: codegen writes each row as a few bytes
//! (strings inline) instead of an `Op` struct of pointers, and a row is
//! decoded into an `Op` on first use, then kept (as `schema_bytes` does for
//! schema nodes). Measured (gzip -9 of the wasm): v2 112.2 -> 108.1 KB, v3
//! 117.8 -> 113.2 KB; the rows are now ~11 KB of it, ~5.4 KB the ids and
//! paths. Paginations as bytes too were tried and not kept: the decoder
//! outweighed the saving (+0.2 KB), so they stay `Paging` structs.
//!
//! Two blobs, each the rows end to end in row order, and per service where
//! its run of rows ends and whether it is built (one blob each, not two
//! slices per service: those 41 pairs of pointers were ~0.5 KB of the v2
//! wasm's gzip). The heads (always built): one
//! byte `method | version << 3 | body kind << 5 | idempotent << 7` (version:
//! 0 none, else `versions[v - 1]`; body kind: 0 none, json, form,
//! multipart), then the id (LEB128 length, UTF-8), the path front-coded
//! (LEB128 count of the bytes it shares with the previous row's path, then
//! the rest as length and UTF-8: paths share long prefixes, and this was
//! ~0.6 KB less gzip than whole paths), then `paging + 1` (LEB128; 0
//! none). The rests (none for a service whose cargo feature is off: its
//! rows are stubs): the param count, then if the head has a body
//! `schema + 1 << 1 | required`, then per param one byte
//! `loc | required << 2 | comma << 3 | renamed << 4` (loc: path, query,
//! header), the key, the wire name if renamed (else the key), `schema + 1`.
//! Malformed bytes decode to what they can, never a panic (codegen is the
//! only writer).

use crate::schema_bytes::Reader;
use crate::table::{Body, BodyKind, Loc, Method, Op, Param, Paging, NONE};
use std::sync::OnceLock;

/// One service's run of rows: where it ends (its last row + 1), and whether
/// its cargo feature is on (else its rows are stubs, with no rest).
pub struct Service {
    pub end: u16,
    pub on: bool,
}

/// One table: its rows' heads and rests, its services in row order, what
/// rows point into, and each row decoded once asked for.
pub struct Ops {
    pub heads: &'static [u8],
    pub rests: &'static [u8],
    pub services: &'static [Service],
    pub versions: &'static [&'static str],
    pub paging: &'static [Paging],
    pub cache: &'static [OnceLock<Op>],
    /// Where each row starts, found in one walk on first use.
    pub index: &'static OnceLock<Vec<Row>>,
    /// Every row's path end to end, spelled out in that walk.
    pub paths: &'static OnceLock<&'static str>,
}

/// A row's bytes: its head and its rest (empty for a stub) to the end of
/// their blobs.
pub struct Row {
    head: &'static [u8],
    rest: &'static [u8],
    on: bool,
    /// Its path in `Ops::paths`.
    path: std::ops::Range<usize>,
}

impl Ops {
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
    }

    pub fn get(&'static self, index: usize) -> Option<&'static Op> {
        let cell = self.cache.get(index)?;
        if let Some(op) = cell.get() {
            return Some(op);
        }
        let row = self.rows().get(index)?;
        Some(cell.get_or_init(|| self.decode(row)))
    }

    pub fn iter(&'static self) -> Iter {
        Iter { ops: self, i: 0 }
    }

    /// The official SDK's call shape of row `index` without decoding it:
    /// bit 0 takes params, bit 1 a body (0 for a stub).
    pub fn shape(&'static self, index: usize) -> u8 {
        let Some(row) = self.rows().get(index).filter(|r| r.on) else { return 0 };
        let body = row.head.first().is_some_and(|h| h >> 5 & 3 != 0);
        let params = Reader { b: row.rest, i: 0 }.num() != 0;
        u8::from(params) | u8::from(body) << 1
    }

    /// The id of row `index` without decoding it (its head's first text;
    /// "" past the end).
    pub fn id(&'static self, index: usize) -> &'static str {
        match self.cache.get(index).and_then(OnceLock::get) {
            Some(op) => op.id,
            None => self.rows().get(index).map_or("", |row| Reader { b: row.head, i: 1 }.sized_text()),
        }
    }

    /// The SDK method names of rows `start..start + count` (a service's
    /// run), space-separated: `names::method_name` of each row's id, the
    /// rule codegen names them by. What services.js need not list (that was
    /// 2.9 KB of its gzip); it lists only the names the rule does not give.
    pub fn method_names(&'static self, start: usize, count: usize) -> String {
        let end = start.saturating_add(count).min(self.len());
        let mut out = Vec::new();
        for i in start..end {
            if i > start {
                out.push(b' ');
            }
            crate::names::push_method_name(&mut out, self.id(i));
        }
        crate::names::text(out)
    }

    fn rows(&'static self) -> &'static [Row] {
        self.index.get_or_init(|| {
            // Each path is front-coded against the previous row's: all of
            // them are spelled out here, end to end in one leaked text.
            let mut rows = Vec::with_capacity(self.len());
            let mut paths: Vec<u8> = Vec::new();
            let mut prev = 0..0;
            let (mut h, mut r) = (Reader { b: self.heads, i: 0 }, Reader { b: self.rests, i: 0 });
            for s in self.services {
                while rows.len() < usize::from(s.end) && h.i < self.heads.len() {
                    let (head, rest) = (h.rest(), if s.on { r.rest() } else { &[] });
                    let kind = h.byte() >> 5 & 3;
                    h.sized_text();
                    let shared = (h.num() as usize).min(prev.len());
                    let start = paths.len();
                    paths.extend_from_within(prev.start..prev.start + shared);
                    paths.extend_from_slice(h.sized_text().as_bytes());
                    prev = start..paths.len();
                    h.num();
                    if s.on {
                        skip_rest(&mut r, kind != 0);
                    }
                    rows.push(Row { head, rest, on: s.on, path: prev.clone() });
                }
            }
            // Whole chars of valid paths on both sides: valid UTF-8.
            self.paths.get_or_init(|| Box::leak(String::from_utf8(paths).unwrap_or_default().into_boxed_str()));
            rows
        })
    }

    /// Row `row`'s path, spelled out.
    fn path(&'static self, row: &Row) -> &'static str {
        self.paths.get().and_then(|p| p.get(row.path.clone())).unwrap_or("")
    }

    fn decode(&'static self, row: &Row) -> Op {
        let mut h = Reader { b: row.head, i: 0 };
        let b = h.byte();
        let method = match b & 7 {
            1 => Method::Post,
            2 => Method::Put,
            3 => Method::Patch,
            4 => Method::Delete,
            _ => Method::Get,
        };
        let version = usize::from(b >> 3 & 3).checked_sub(1).and_then(|v| self.versions.get(v)).copied();
        let id = h.sized_text();
        h.num();
        h.sized_text();
        let path = self.path(row);
        let paging = (h.num() as usize).checked_sub(1).and_then(|p| self.paging.get(p));
        let mut op = Op { id, method, path, version, params: &[], body: None, idempotent: b & 0x80 != 0, paging, enabled: row.on };
        if !row.on {
            return op;
        }
        let mut r = Reader { b: row.rest, i: 0 };
        let count = r.num() as usize;
        let kind = match b >> 5 & 3 {
            1 => Some(BodyKind::Json),
            2 => Some(BodyKind::Form),
            3 => Some(BodyKind::Multipart),
            _ => None,
        };
        op.body = kind.map(|kind| {
            let n = r.num();
            Body { kind, required: n & 1 != 0, schema: ((n >> 1) as u16).wrapping_sub(1) }
        });
        if count > 0 {
            // Bounded by the bytes left: a count cannot ask for more than that.
            let v: Vec<Param> = (0..count.min(row.rest.len())).map(|_| param(&mut r)).collect();
            op.params = Box::leak(v.into_boxed_slice());
        }
        op
    }
}

fn param(r: &mut Reader) -> Param {
    let f = r.byte();
    let key = r.sized_text();
    let name = if f & 16 != 0 { r.sized_text() } else { key };
    let loc = match f & 3 {
        0 => Loc::Path,
        2 => Loc::Header,
        _ => Loc::Query,
    };
    Param { key, name, loc, required: f & 4 != 0, schema: (r.num() as u16).wrapping_sub(1), comma: f & 8 != 0 }
}

fn skip_rest(r: &mut Reader, body: bool) {
    let count = r.num();
    if body {
        r.num();
    }
    for _ in 0..count.min(r.b.len() as u32) {
        let f = r.byte();
        r.sized_text();
        if f & 16 != 0 {
            r.sized_text();
        }
        r.num();
    }
}

/// Every row in order (`for op in OPS`).
pub struct Iter {
    ops: &'static Ops,
    i: usize,
}

impl Iterator for Iter {
    type Item = &'static Op;

    fn next(&mut self) -> Option<&'static Op> {
        let op = self.ops.get(self.i)?;
        self.i += 1;
        Some(op)
    }
}

impl IntoIterator for &'static Ops {
    type Item = &'static Op;
    type IntoIter = Iter;

    fn into_iter(self) -> Iter {
        self.iter()
    }
}

/// `NONE` is written as 0 (`schema + 1` wraps); keep the two in step.
const _: () = assert!(NONE.wrapping_add(1) == 0);

#[cfg(test)]
#[path = "op_bytes_tests.rs"]
mod tests;
