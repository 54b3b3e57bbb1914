//! JSON text as a validation input: the body exactly as it goes on the wire
//! (the output of `JSON.stringify`) is parsed once into a flat arena of
//! nodes that point back into the text, and the one schema walker
//! (`validate`) reads it through the `Value` trait. Strings are copied out
//! only when a rule reads them (formats, enums, lengths), numbers parsed only
//! when checked. Not a general-purpose parser: it never allocates a tree of
//! owned values, and anything malformed is one error, not a panic.

use crate::table::Prop;
use crate::wire_check::unescape;
use crate::value::{Kind, Value};

/// One value in the text. Containers list their children in `Doc::kids`.
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: Kind,
    /// A string with escapes (its text needs unescaping), or an object key
    /// with escapes (bit 2).
    flags: u8,
    /// The value's text: a string's without its quotes; a container's
    /// children: `kids[start..end]`.
    start: u32,
    end: u32,
    /// An object member's key, without quotes.
    key_start: u32,
    key_end: u32,
}

const ESCAPED: u8 = 1;
const KEY_ESCAPED: u8 = 2;

/// Nesting this deep is refused rather than walked (the validator stops at
/// 64 levels anyway).
const MAX_NESTING: usize = 512;

pub struct Doc<'a> {
    text: &'a [u8],
    nodes: Vec<Node>,
    kids: Vec<u32>,
}

/// A node of a parsed document.
#[derive(Clone, Copy)]
pub struct Json<'d, 'a> {
    doc: &'d Doc<'a>,
    node: Node,
}

/// Why a text is not one JSON value.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed(pub usize);

impl<'a> Doc<'a> {
    pub fn parse(text: &'a str) -> Result<Doc<'a>, Malformed> {
        Doc::parse_bytes(text.as_bytes())
    }

    /// UTF-8 text as bytes (strings read from it are decoded lossily).
    pub fn parse_bytes(text: &'a [u8]) -> Result<Doc<'a>, Malformed> {
        let cap = text.len() / 12 + 4;
        let mut p = Parser { b: text, i: 0, nodes: Vec::with_capacity(cap), kids: Vec::with_capacity(cap), stack: Vec::with_capacity(32) };
        p.value()?;
        p.ws();
        if p.i != p.b.len() {
            return Err(Malformed(p.i));
        }
        Ok(Doc { text, nodes: p.nodes, kids: p.kids })
    }

    pub fn root(&self) -> Option<Json<'_, 'a>> {
        self.nodes.first().map(|&node| Json { doc: self, node })
    }

    /// One scalar whose text the wire pass has read already (a string's
    /// without its quotes): no parse, no allocation. `wire_issues` walks a
    /// refused scalar through this instead of a `Value` of its own: one
    /// instantiation of the validator fewer in wasm.
    pub fn scalar(text: &'a [u8]) -> Doc<'a> {
        Doc { text, nodes: Vec::new(), kids: Vec::new() }
    }

    /// The value of a `scalar` document: of `kind`, its text escaped or not.
    pub fn scalar_value(&self, kind: Kind, escaped: bool) -> Json<'_, 'a> {
        let end = u32::try_from(self.text.len()).unwrap_or(0);
        let flags = if escaped { ESCAPED } else { 0 };
        Json { doc: self, node: Node { kind, flags, start: 0, end, key_start: 0, key_end: 0 } }
    }

    fn span(&self, start: u32, end: u32) -> &'a [u8] {
        self.text.get(start as usize..end as usize).unwrap_or_default()
    }
}

/// Open containers: (node index, where its children start on `stack`).
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    nodes: Vec<Node>,
    kids: Vec<u32>,
    stack: Vec<u32>,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Result<(), Malformed> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Malformed(self.i))
        }
    }

    /// A string's body after its opening quote: its end and whether it has escapes.
    fn string(&mut self) -> Result<(u32, u32, bool), Malformed> {
        let start = self.i;
        let mut escaped = false;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok((start as u32, (self.i - 1) as u32, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.i += 2;
                }
                Some(c) if c < 0x20 => return Err(Malformed(self.i)),
                Some(_) => self.i += 1,
                None => return Err(Malformed(self.i)),
            }
        }
    }

    fn push(&mut self, kind: Kind, flags: u8, start: u32, end: u32, key: (u32, u32)) -> usize {
        self.nodes.push(Node { kind, flags, start, end, key_start: key.0, key_end: key.1 });
        self.nodes.len() - 1
    }

    /// One value, iteratively: containers are closed from `open`, so deep
    /// input cannot exhaust the wasm stack.
    fn value(&mut self) -> Result<(), Malformed> {
        // (container node, its first child's position on `stack`, is object)
        let mut open: Vec<(usize, usize, bool)> = Vec::new();
        let mut key = (0u32, 0u32);
        let mut key_flag = 0u8;
        loop {
            self.ws();
            let at = self.i as u32;
            let c = self.peek().ok_or(Malformed(self.i))?;
            let idx = match c {
                b'{' | b'[' => {
                    if open.len() >= MAX_NESTING {
                        return Err(Malformed(self.i));
                    }
                    self.i += 1;
                    let obj = c == b'{';
                    let n = self.push(if obj { Kind::Object } else { Kind::Array }, key_flag, 0, 0, key);
                    self.stack.push(n as u32);
                    open.push((n, self.stack.len(), obj));
                    self.ws();
                    let close = if obj { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.i += 1;
                        self.close(&mut open);
                    } else {
                        (key, key_flag) = if obj { self.key()? } else { ((0, 0), 0) };
                        continue;
                    }
                    None
                }
                b'"' => {
                    self.i += 1;
                    let (s, e, esc) = self.string()?;
                    Some(self.push(Kind::String, key_flag | u8::from(esc), s, e, key))
                }
                b't' | b'f' | b'n' => {
                    let (word, kind): (&[u8], Kind) = match c {
                        b't' => (b"true", Kind::Bool),
                        b'f' => (b"false", Kind::Bool),
                        _ => (b"null", Kind::Null),
                    };
                    if !self.b.get(self.i..).is_some_and(|r| r.starts_with(word)) {
                        return Err(Malformed(self.i));
                    }
                    self.i += word.len();
                    Some(self.push(kind, key_flag, at, self.i as u32, key))
                }
                b'-' | b'0'..=b'9' => {
                    self.i += 1;
                    while matches!(self.peek(), Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')) {
                        self.i += 1;
                    }
                    Some(self.push(Kind::Number, key_flag, at, self.i as u32, key))
                }
                _ => return Err(Malformed(self.i)),
            };
            if let Some(n) = idx {
                if open.is_empty() {
                    return Ok(());
                }
                self.stack.push(n as u32);
            }
            // After a value: a comma (next member) or closers.
            loop {
                let Some(&(_, _, obj)) = open.last() else { return Ok(()) };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        (key, key_flag) = if obj { self.key()? } else { ((0, 0), 0) };
                        break;
                    }
                    Some(b'}') if obj => {
                        self.i += 1;
                        self.close(&mut open);
                    }
                    Some(b']') if !obj => {
                        self.i += 1;
                        self.close(&mut open);
                    }
                    _ => return Err(Malformed(self.i)),
                }
                if open.is_empty() {
                    return Ok(());
                }
            }
        }
    }

    /// `"key":` before a member's value.
    fn key(&mut self) -> Result<((u32, u32), u8), Malformed> {
        self.eat(b'"')?;
        let (s, e, esc) = self.string()?;
        self.eat(b':')?;
        Ok(((s, e), if esc { KEY_ESCAPED } else { 0 }))
    }

    /// Ends the innermost container: its children move from `stack` to `kids`.
    fn close(&mut self, open: &mut Vec<(usize, usize, bool)>) {
        let Some((n, base, _)) = open.pop() else { return };
        let start = self.kids.len() as u32;
        self.kids.extend(self.stack.drain(base.min(self.stack.len())..));
        let end = self.kids.len() as u32;
        if let Some(node) = self.nodes.get_mut(n) {
            node.start = start;
            node.end = end;
        }
        // The container itself was pushed on `stack` when opened (as its
        // parent's child); it stays there, below `base`.
    }
}

impl<'d, 'a> Json<'d, 'a> {
    fn text(&self) -> &'a [u8] {
        self.doc.span(self.node.start, self.node.end)
    }

    fn children(&self) -> &'d [u32] {
        if matches!(self.node.kind, Kind::Array | Kind::Object) {
            self.doc.kids.get(self.node.start as usize..self.node.end as usize).unwrap_or_default()
        } else {
            &[]
        }
    }

    /// One pass over an object's members, each looked up among the props by
    /// binary search (codegen lists props sorted by bytes; `props_are_sorted`
    /// checks every table), `put` with the prop's index: on the 1,225-byte
    /// upsert this replaced ~700 key comparisons by ~150. Nothing for a
    /// non-object (its `field` is always `None`).
    pub fn each_member(&self, props: &'static [Prop], keys: &[u16], mut put: impl FnMut(usize, Self)) {
        if self.node.kind != Kind::Object {
            return;
        }
        for &n in self.children() {
            let Some(m) = self.at(n) else { continue };
            let raw = self.doc.span(m.node.key_start, m.node.key_end);
            let hit = if m.node.flags & KEY_ESCAPED == 0 {
                crate::schema_bytes::find(props, keys, raw)
            } else {
                crate::schema_bytes::find(props, keys, unescape(raw).as_bytes())
            };
            if let Some(i) = hit {
                put(i, m);
            }
        }
    }

    fn at(&self, n: u32) -> Option<Self> {
        self.doc.nodes.get(n as usize).map(|&node| Json { doc: self.doc, node })
    }

    fn key_is(&self, key: &str) -> bool {
        let raw = self.doc.span(self.node.key_start, self.node.key_end);
        if self.node.flags & KEY_ESCAPED == 0 {
            raw == key.as_bytes()
        } else {
            unescape(raw) == key
        }
    }
}

impl Value for Json<'_, '_> {
    fn kind(&self) -> Kind {
        self.node.kind
    }
    fn as_str(&self) -> Option<String> {
        if self.node.kind != Kind::String {
            return None;
        }
        let raw = self.text();
        Some(if self.node.flags & ESCAPED == 0 { String::from_utf8_lossy(raw).into_owned() } else { unescape(raw) })
    }
    fn as_f64(&self) -> Option<f64> {
        if self.node.kind != Kind::Number {
            return None;
        }
        crate::num::parse(self.text())
    }
    fn as_bool(&self) -> Option<bool> {
        (self.node.kind == Kind::Bool).then(|| self.text() == b"true")
    }
    fn len(&self) -> usize {
        if self.node.kind == Kind::Array {
            self.children().len()
        } else {
            0
        }
    }
    fn item(&self, index: usize) -> Option<Self> {
        if self.node.kind != Kind::Array {
            return None;
        }
        self.at(*self.children().get(index)?)
    }
    fn field(&self, key: &str) -> Option<Self> {
        if self.node.kind != Kind::Object {
            return None;
        }
        // The hot loop of validation: lengths first, bytes only when they
        // match. The last of duplicate keys wins, as in JSON.parse.
        let (nodes, k) = (&self.doc.nodes, key.as_bytes());
        let mut found = None;
        for &n in self.children() {
            let Some(m) = nodes.get(n as usize) else { continue };
            if (m.key_end - m.key_start) as usize == k.len() || m.flags & KEY_ESCAPED != 0 {
                let j = Json { doc: self.doc, node: *m };
                if j.key_is(key) {
                    found = Some(j);
                }
            }
        }
        found
    }
    fn members(&self, props: &'static [Prop], keys: &[u16], out: &mut Vec<Option<Self>>) {
        out.resize(props.len(), None);
        self.each_member(props, keys, |i, m| {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(m);
            }
        });
    }
    fn keys(&self) -> Vec<String> {
        if self.node.kind != Kind::Object {
            return Vec::new();
        }
        self.children()
            .iter()
            .filter_map(|&n| self.at(n))
            .map(|m| {
                let raw = self.doc.span(m.node.key_start, m.node.key_end);
                if m.node.flags & KEY_ESCAPED == 0 { String::from_utf8_lossy(raw).into_owned() } else { unescape(raw) }
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
