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
//!
//! Beside it: wire_alts.rs (allOf and the alternatives), wire_scalar.rs (a
//! literal's rules, unescaping), wire_issues.rs (the issues of a refused body).

use crate::schema_bytes::{find, same, Node};
pub use crate::schema_bytes::cmp_bytes;
use crate::table::{self, Ty};
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
use alts::Then;
use scalar::scalar_fits;
pub use scalar::unescape;

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

/// Per object node and prop (or an object's start), hashed, the prop
/// whose key followed it in the last object read (`index + 1`, 0 none):
/// bodies repeat their shape, so `object` compares that name with the
/// text first and, when it is there, neither scans nor hashes the key
/// (~2 % of a valid upsert check in wasm). A collision only costs a guess
/// that misses.
static NEXT: [AtomicU8; 2048] = [const { AtomicU8::new(0) }; 2048];

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

    /// An object against `node`'s props, prop `over` (if any) fitting that
    /// prop of one of the objects `alts` instead. `members` inline, but a
    /// key is first compared with the name `NEXT` expects there.
    #[inline(always)]
    fn object(&mut self, node: &'static Node, depth: usize, over: usize, alts: &'static [u16]) -> bool {
        // Which required props were seen: a bit each (more than 64 props:
        // the walk decides).
        let props = node.schema.props;
        if props.len() > 64 || depth > MAX_DEPTH || !self.eat(b'{') {
            return false;
        }
        let mut seen = 0u64;
        if !self.eat(b'}') {
            let d = depth + 1;
            // The memo slot of the member before (the last slot: none yet).
            let mut prev = props.len();
            loop {
                if !self.eat(b'"') {
                    return false;
                }
                // `prop`'s steps written out (calling it was +4 % a valid check in wasm).
                let memo = NEXT.get((node as *const Node as usize >> 2).wrapping_mul(31).wrapping_add(prev) & (NEXT.len() - 1));
                let guess = memo.map_or(0, |m| usize::from(m.load(Relaxed))).checked_sub(1);
                // A memo names a prop whose key was met unescaped: its
                // name has no quote, backslash or control, so the text
                // holding it and then a quote is that key.
                let at = self.i;
                let hit = guess.and_then(|g| props.get(g).map(|p| (g, p.name.as_bytes()))).filter(|(_, n)| {
                    self.b.get(at..at + n.len()).is_some_and(|t| same(t, n)) && matches!(self.b.get(at + n.len()), Some(b'"'))
                });
                let found = match hit {
                    Some((g, n)) => {
                        self.i = at + n.len() + 1;
                        Some(g)
                    }
                    None => {
                        // An escaped key is compared as written: it can only
                        // miss a prop, and then the full walk decides.
                        let Some((key, false)) = self.string() else { return false };
                        let f = find(props, node.keys, key);
                        if let (Some(i), Some(m)) = (f, memo) {
                            m.store(i as u8 + 1, Relaxed);
                        }
                        f
                    }
                };
                if !self.eat(b':') {
                    return false;
                }
                let ok = match found {
                    Some(i) if i == over => {
                        seen |= 1 << i;
                        let start = self.i;
                        alts.iter().any(|&a| {
                            self.i = start;
                            table::schema_node(a).and_then(|n| n.schema.props.get(i)).is_some_and(|p| self.value(p.schema, d))
                        })
                    }
                    Some(i) => {
                        seen |= 1 << i;
                        props.get(i).is_some_and(|p| self.value(p.schema, d))
                    }
                    None => self.skip(d),
                };
                if !ok {
                    return false;
                }
                prev = found.unwrap_or(props.len());
                // One peek for the comma (the common case) or the end.
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b'}') => {
                        self.i += 1;
                        break;
                    }
                    _ => return false,
                }
            }
        }
        seen & node.required == node.required
    }

    /// After a key's opening quote: the prop of `node` it names (`None`:
    /// none), the one `NEXT` expects after prop `prev` compared first; `None`
    /// outside for an escaped or unended key (the full walk decides).
    #[inline(always)]
    fn prop(&mut self, node: &'static Node, prev: usize) -> Option<Option<usize>> {
        let props = node.schema.props;
        let memo = NEXT.get((node as *const Node as usize >> 2).wrapping_mul(31).wrapping_add(prev) & (NEXT.len() - 1));
        let guess = memo.map_or(0, |m| usize::from(m.load(Relaxed))).checked_sub(1);
        // A memo names a prop whose key was met unescaped: its
        // name has no quote, backslash or control, so the text
        // holding it and then a quote is that key.
        let at = self.i;
        let hit = guess.and_then(|g| props.get(g).map(|p| (g, p.name.as_bytes()))).filter(|(_, n)| {
            self.b.get(at..at + n.len()).is_some_and(|t| same(t, n)) && matches!(self.b.get(at + n.len()), Some(b'"'))
        });
        if let Some((g, n)) = hit {
            self.i = at + n.len() + 1;
            return Some(Some(g));
        }
        let (key, false) = self.string()? else { return None };
        let f = find(props, node.keys, key);
        if let (Some(i), Some(m)) = (f, memo) {
            m.store(i as u8 + 1, Relaxed);
        }
        Some(f)
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

#[path = "wire_alts.rs"]
mod alts;
#[path = "wire_scalar.rs"]
mod scalar;
#[path = "wire_issues.rs"]
mod issues;
pub use issues::issues;

#[cfg(test)]
#[path = "wire_check_tests.rs"]
mod tests;
