//! The fast path of wire validation: one pass over the JSON text against a
//! schema, no tree, no allocation, answering only "valid or not". A valid
//! body (the common case) is done here; anything else goes through the full
//! walk (`json::Doc` + `validate`), which lists every issue with its path.
//! So this may refuse more than the walk (it only costs time) but must never
//! accept what the walk refuses: `wire_check_tests.rs` holds it to that.
//!
//! Why: on the 1,225-byte contact upsert (release build, natively) parsing
//! into nodes and walking them took ~0.9 + 2.9 µs; this pass ~2.5 µs before
//! forcing its small steps inline. In wasm, `HighLevel.validate` went from
//! ~10.5 to ~7 µs a call (bench/validate.mjs; noisy shared machine). The
//! pass alone in wasm, since: ~1,570 → ~1,340 ns (plain nodes read once by
//! type, small objects hashed, no whitespace loop when there is none; an
//! 8-bytes-a-step (SWAR) string scan measured no faster in wasm again).

use crate::schema_bytes::{find, same, Node};
pub use crate::schema_bytes::cmp_bytes;
use crate::table::{self, Fmt, Schema, Ty};
use std::sync::atomic::Ordering::Relaxed;
use crate::validate::check_format;

/// The bytes that end a plain run in a string: `"`, `\\` and controls. One
/// load per byte instead of three comparisons (natively ~1,200 → ~1,120 ns
/// a valid upsert pass). Built at compile time: an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c < 0x20 || c == b'"' as usize || c == b'\\' as usize;
        c += 1;
    }
    t
};

/// As in `validate`: deeper schemas are refused (there the walk reports it).
const MAX_DEPTH: usize = 64;

/// Whether `text` is one JSON value that fits `schema`, with nothing after it.
pub fn valid(text: &[u8], schema: u16) -> bool {
    let mut c = Cursor { b: text, i: 0 };
    let ok = c.value(schema, 0);
    c.ws();
    ok && c.i == text.len()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

/// A scalar's text: a string without its quotes (escaped or not), or a literal.
enum Lit<'a> {
    Str(&'a [u8], bool),
    Num(&'a [u8]),
    Bool(bool),
    Null,
}

// The small steps are forced inline: at opt-level "s" they stayed calls,
// and `peek` alone was a tenth of a check in wasm.
impl<'a> Cursor<'a> {
    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    /// The next byte past any whitespace (JSON.stringify writes none: one
    /// test; ~1,430 → ~1,345 ns a valid upsert pass in wasm).
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        match self.b.get(self.i) {
            Some(&c) if c > b' ' => Some(c),
            _ => {
                self.ws();
                self.b.get(self.i).copied()
            }
        }
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> bool {
        // `matches!`, not `==`: `Option<u8>`'s `eq` stayed a call (~1 % of a check in wasm).
        if matches!(self.peek(), Some(x) if x == c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// A string after its opening quote: its raw text and whether it has escapes.
    #[inline(always)]
    fn string(&mut self) -> Option<(&'a [u8], bool)> {
        let start = self.i;
        let mut esc = false;
        // Plain runs first, in one tight loop (an iterator with a closure
        // stayed a call per string in wasm).
        let mut i = start;
        while let Some(&c) = self.b.get(i) {
            if STOP.get(usize::from(c)).copied().unwrap_or(true) {
                break;
            }
            i += 1;
        }
        self.i = i;
        loop {
            match *self.b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some((self.b.get(start..self.i - 1)?, esc));
                }
                b'\\' => {
                    esc = true;
                    self.i += 2;
                }
                c if c < 0x20 => return None,
                _ => self.i += 1,
            }
        }
    }

    #[inline(always)]
    fn scalar(&mut self) -> Option<Lit<'a>> {
        let c = self.peek()?;
        let word = |w: &[u8], cur: &mut Self| cur.b.get(cur.i..cur.i + w.len()).is_some_and(|r| same(r, w)).then(|| cur.i += w.len());
        match c {
            b'"' => {
                self.i += 1;
                self.string().map(|(s, e)| Lit::Str(s, e))
            }
            b't' => word(b"true", self).map(|()| Lit::Bool(true)),
            b'f' => word(b"false", self).map(|()| Lit::Bool(false)),
            b'n' => word(b"null", self).map(|()| Lit::Null),
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.i += 1;
                while matches!(self.b.get(self.i), Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')) {
                    self.i += 1;
                }
                self.b.get(start..self.i).map(Lit::Num)
            }
            _ => None,
        }
    }

    /// Skips one value of any shape (a member no schema names).
    fn skip(&mut self, depth: usize) -> bool {
        match self.peek() {
            Some(b'{') => self.members(depth, |cur, _, d| cur.skip(d)),
            Some(b'[') => self.items(depth, |cur, d| cur.skip(d)).is_some(),
            _ => self.scalar().is_some(),
        }
    }

    /// `{ "k": v, ... }`, calling `f` for each member's value.
    #[inline(always)]
    fn members(&mut self, depth: usize, mut f: impl FnMut(&mut Self, &'a [u8], usize) -> bool) -> bool {
        if depth > MAX_DEPTH || !self.eat(b'{') {
            return false;
        }
        if self.eat(b'}') {
            return true;
        }
        loop {
            if !self.eat(b'"') {
                return false;
            }
            // An escaped key is compared as written: it can only miss a
            // prop, and then the full walk decides.
            let Some((key, esc)) = self.string() else { return false };
            if esc || !self.eat(b':') || !f(self, key, depth + 1) {
                return false;
            }
            // One peek for the comma (the common case) or the end.
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// `[ v, ... ]`, calling `f` for each item; the item count.
    #[inline(always)]
    fn items(&mut self, depth: usize, mut f: impl FnMut(&mut Self, usize) -> bool) -> Option<usize> {
        if depth > MAX_DEPTH || !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(0);
        }
        let mut n = 0;
        loop {
            if !f(self, depth + 1) {
                return None;
            }
            n += 1;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Some(n);
                }
                _ => return None,
            }
        }
    }

    /// One value against `schema`, mirroring `validate::walk` step by step.
    /// One `typed` for every way here (its copies were most of this code).
    fn value(&mut self, schema: u16, depth: usize) -> bool {
        let Some(node) = table::schema_node(schema) else { return self.skip(depth) };
        if depth > MAX_DEPTH {
            return false;
        }
        let (node, depth, over, alts) = if node.simple {
            (node, depth, usize::MAX, &[][..])
        } else {
            match self.complex(node, depth) {
                Then::Done(ok) => return ok,
                Then::Typed => (node, depth, usize::MAX, &[][..]),
                Then::Merged(base, over, alts) => (base, depth + 1, over, alts),
            }
        };
        self.typed(node, depth, over, alts)
    }

    /// `value` of a node with allOf or alternatives, up to its own type.
    #[inline(never)]
    fn complex(&mut self, node: &'static Node, depth: usize) -> Then {
        let s = &node.schema;
        let start = self.i;
        if matches!(self.peek(), Some(b'n')) {
            let plain = !s.nullable && s.ty != Ty::Any && s.all_of.is_empty() && s.one_of.is_empty() && s.any_of.is_empty();
            return Then::Done(!plain && self.scalar().is_some());
        }
        // Alternatives that differ in one prop only: one read (`merge`).
        let mut m = node.merged.load(Relaxed);
        if m == 0 {
            m = merge(node);
            node.merged.store(m, Relaxed);
        }
        let [one, any] = node.distinct;
        if m > 1 {
            return match table::schema_node(((m >> 8) - 1) as u16) {
                Some(base) if depth < MAX_DEPTH => Then::Merged(base, (m & 255) as usize, if one.is_empty() { any } else { one }),
                _ => Then::Done(false),
            };
        }
        // allOf and the alternatives read the same text again; `end` is
        // where a successful read stopped (the value's end).
        let mut end = None;
        for &sub in s.all_of {
            self.i = start;
            if !self.value(sub, depth + 1) {
                return Then::Done(false);
            }
            end = Some(self.i);
        }
        // Each list without the repeats the specs have (`Node::distinct`).
        for alts in [one, any] {
            if alts.is_empty() {
                continue;
            }
            let fits = alts.iter().any(|&a| {
                self.i = start;
                self.value(a, depth + 1)
            });
            if !fits {
                return Then::Done(false);
            }
            end = Some(self.i);
        }
        // A pure wrapper (`anyOf` and nothing else, as custom fields are)
        // has nothing left to check: no third read.
        if let (true, Some(e)) = (bare(s), end) {
            self.i = e;
            return Then::Done(true);
        }
        self.i = start;
        Then::Typed
    }

    /// An object against `node`'s props, prop `over` (if any) fitting that
    /// prop of one of the objects `alts` instead.
    #[inline(always)]
    fn object(&mut self, node: &'static Node, depth: usize, over: usize, alts: &'static [u16]) -> bool {
        // Which required props were seen: a bit each (more than 64 props:
        // the walk decides).
        let props = node.schema.props;
        if props.len() > 64 {
            return false;
        }
        let mut seen = 0u64;
        let keys = node.keys;
        let ok = self.members(depth, |cur, key, d| match find(props, keys, key) {
            Some(i) if i == over => {
                seen |= 1 << i;
                let start = cur.i;
                alts.iter().any(|&a| {
                    cur.i = start;
                    table::schema_node(a).and_then(|n| n.schema.props.get(i)).is_some_and(|p| cur.value(p.schema, d))
                })
            }
            Some(i) => {
                seen |= 1 << i;
                props.get(i).is_some_and(|p| cur.value(p.schema, d))
            }
            None => cur.skip(d),
        });
        ok && seen & node.required == node.required
    }

    /// The value by its own type (`value` has dealt with allOf and the
    /// alternatives, and with null when there are any).
    /// `over` and `alts`: as for `object`, when `node` stands for `Merged`
    /// alternatives.
    #[inline(always)]
    fn typed(&mut self, node: &'static Node, depth: usize, over: usize, alts: &'static [u16]) -> bool {
        let s = &node.schema;
        match self.peek() {
            // Most values: a string no rule reads, found in one scan.
            Some(b'"') if node.free_text => {
                self.i += 1;
                self.string().is_some()
            }
            Some(b'n') => (s.nullable || s.ty == Ty::Any) && self.scalar().is_some(),
            Some(b'{') => matches!(s.ty, Ty::Any | Ty::Object) && self.object(node, depth, over, alts),
            Some(b'[') => {
                if !matches!(s.ty, Ty::Any | Ty::Array) {
                    return false;
                }
                let items = s.items;
                match self.items(depth, |cur, d| if items == table::NONE { cur.skip(d) } else { cur.value(items, d) }) {
                    Some(n) => (n as u64) >= u64::from(s.min_items),
                    None => false,
                }
            }
            _ => match self.scalar() {
                Some(lit) => scalar_fits(s, &lit),
                None => false,
            },
        }
    }
}

/// What `value` does after `Cursor::complex`: answer, read the value by
/// its node's type, or read it as an object of `Merged` alternatives.
enum Then {
    Done(bool),
    Typed,
    Merged(&'static Node, usize, &'static [u16]),
}

/// A pure wrapper: no rule of its own beside allOf and the alternatives.
fn bare(s: &Schema) -> bool {
    s.ty == Ty::Any && s.enums.is_empty() && s.props.is_empty() && s.items == table::NONE && s.format == Fmt::None && s.min_items == 0 && s.min_length == 0
}

/// `node`'s alternatives as one object (`Node::merged`: 1 when not), when
/// it is a bare wrapper of one list of them, all plain objects with the
/// same props (names, order, required) whose schemas differ in one prop at
/// most (custom fields: a string, number, list or object value under the
/// same id and key). The pass may then accept a duplicate key's values that
/// fit different alternatives; the walk, reading the last, accepts that too.
fn merge(node: &Node) -> u32 {
    let s = &node.schema;
    let [one, any] = node.distinct;
    let Some((&first, rest)) = (if one.is_empty() { any } else { one }).split_first() else { return 1 };
    if !bare(s) || !s.all_of.is_empty() || !one.is_empty() && !any.is_empty() {
        return 1;
    }
    let plain = |a: u16| table::schema_node(a).filter(|n| n.simple && n.schema.ty == Ty::Object && n.schema.props.len() <= 64).map(|n| n.schema.props);
    let Some(base) = plain(first) else { return 1 };
    let mut over = 255;
    for &a in rest {
        let Some(props) = plain(a).filter(|p| p.len() == base.len()) else { return 1 };
        for (i, (p, q)) in base.iter().zip(props).enumerate() {
            if p.name != q.name || p.required != q.required {
                return 1;
            }
            if p.schema != q.schema {
                if over != 255 && over != i {
                    return 1;
                }
                over = i;
            }
        }
    }
    (u32::from(first) + 1) << 8 | over as u32
}

fn scalar_fits(s: &Schema, lit: &Lit) -> bool {
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
fn enum_has(enums: &[&str], raw: &[u8]) -> bool {
    enums.iter().any(|e| e.len() == raw.len() + 2 && matches!(e.as_bytes().first(), Some(b'"')) && e.as_bytes().get(1..=raw.len()).is_some_and(|t| same(t, raw)))
}

fn number(t: &[u8]) -> Option<f64> {
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

#[path = "wire_issues.rs"]
mod issues;
pub use issues::issues;

#[cfg(test)]
#[path = "wire_check_tests.rs"]
mod tests;
