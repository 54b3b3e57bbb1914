//! A JSON body crosses into wasm once, as the text that will be sent: JS
//! serializes it (`JSON.stringify`, so `toJSON` is honoured and a getter is
//! read once), wasm parses and validates that text (`crate::json`), and the
//! same string goes on the wire. Whatever was validated is what is sent.
//!
//! Measured in one Node process on the 1,225-byte contact upsert (bench/
//! validate.mjs): reading the object property by property across the
//! boundary took ~19 µs a check; stringify + one string crossing + parse and
//! walk in wasm takes a fraction of that (see BENCHMARKS.md, section 5).

use super::jsvalue::{get, present, Any, Js};
use crate::json::Doc;
use crate::request::{self, Prepared};
use crate::table::{BodyKind, Op};
use crate::validate::Issue;
use wasm_bindgen::prelude::*;

// Only on the failure path does JS walk the value, to name where a cycle,
// a BigInt or a throwing getter/toJSON is (JSON.stringify does not say).
#[wasm_bindgen(inline_js = "export function serialize(v) {
  let s;
  try { s = JSON.stringify(v); } catch (e) {
    try { return where(v, e); } catch (e2) { return ['body', 'cannot be serialized as JSON: ' + msg(e)]; }
  }
  return typeof s === 'string' ? s : ['body', 'cannot be serialized as JSON (got ' + typeof v + ')'];
}
// The text goes straight into wasm memory, which each call names: this
// module is shared by every wasm that loads it (v2's and v3's both import
// the crate's snippet), so a memory kept from one would be written for the
// other. A grown memory detaches the old view, whose length becomes 0.
const enc = new TextEncoder();
// The window onto the buffer is kept too while the buffer stays where it
// is (a subarray per call was ~5% of a small check).
let mem, view, kept;
function write(s, m, ptr, cap) {
  if (m !== mem) { mem = m; view = undefined; }
  if (view === undefined || view.byteLength === 0 || view.byteOffset !== ptr || view.length !== cap) view = new Uint8Array(mem.buffer, ptr, cap);
  const r = enc.encodeInto(s, view);
  return r.read === s.length ? r.written : -1;
}
export function serialize_into(v, m, ptr, cap, keep) {
  const s = serialize(v);
  if (typeof s !== 'string') { kept = s; return -2; }
  const n = write(s, m, ptr, cap);
  kept = keep || n < 0 ? s : undefined;
  return n;
}
export function again(m, ptr, cap) { return write(kept, m, ptr, cap); }
export function kept_len() { return typeof kept === 'string' ? kept.length : 0; }
export function take() { const k = kept; kept = undefined; return k; }
function msg(e) {
  try {
    const m = e instanceof Error ? e.message : e;
    const t = m !== null && typeof m === 'object' ? Object.prototype.toString.call(m) : String(m);
    return t.length > 200 ? t.slice(0, 200) + '…' : t;
  } catch (x) { return 'an unprintable value'; }
}
function where(root, err) {
  const open = [];
  const walk = (v, key, path) => {
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint') && typeof v.toJSON === 'function') {
      try { v = v.toJSON(key); } catch (e) { return [path, 'could not be serialized: ' + msg(e)]; }
    }
    if (typeof v === 'bigint') return [path, 'is a BigInt, which JSON cannot carry (pass a number or a string)'];
    if (v === null || typeof v !== 'object') return;
    if (open.includes(v)) return [path, 'refers back to an enclosing object (a cycle), which JSON cannot carry'];
    open.push(v);
    const at = (k) => Array.isArray(v) ? path + '[' + k + ']' : (path ? path + '.' + k : k);
    let keys;
    try {
      // A sparse array of 2^32 - 1 holes fails JSON.stringify on its length: listing its keys would not end.
      if (Array.isArray(v) && v.length > 1000000) return [path || 'body', 'has ' + v.length + ' items, too many to serialize as JSON'];
      keys = Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => String(i)) : Object.keys(v);
    } catch (e) { return [path || 'body', 'could not be serialized: ' + msg(e)]; }
    for (const k of keys) {
      let c;
      try { c = v[k]; } catch (e) { return [at(k), 'could not be read: ' + msg(e)]; }
      const r = walk(c, k, at(k));
      if (r) return r;
    }
    open.pop();
  };
  const r = walk(root, '', '');
  return r ? [r[0] || 'body', r[1]] : ['body', 'cannot be serialized as JSON: ' + msg(err)];
}
// Params and form or multipart bodies as plain data of our own: every member
// read once (what was checked is what is sent, whatever a getter answers on
// the next read), a valid Date as its ISO string, FormData, Blobs and binary
// data kept as they are. Undefined when something cannot be read; then
// `problems()` is [partial copy, path, message, path, message...].
let found;
const DATE_TIME = Date.prototype.getTime;
const TAG = Object.prototype.toString;
function problem(path, message) { (found || (found = [undefined])).push(path, message); }
function copy(v, path, open) {
  if (v === null || typeof v !== 'object') return v;
  let time;
  // Only what looks like a Date is asked: a getTime that throws for every
  // other object (a TypeError with its stack) was a quarter of a call's CPU.
  try { if (v instanceof Date || TAG.call(v) === '[object Date]') time = DATE_TIME.call(v); } catch (e) {}
  if (time !== undefined) {
    if (time === time) return new Date(time).toISOString();
    problem(path, 'is an invalid Date');
    return undefined;
  }
  let keys;
  try {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || typeof v.append === 'function' || typeof v.arrayBuffer === 'function') return v;
    if (open.length >= 64) { problem(path, 'is nested too deeply'); return undefined; }
    if (open.includes(v)) { problem(path, 'refers back to an enclosing object (a cycle)'); return undefined; }
    if (Array.isArray(v)) {
      const n = v.length;
      if (n > 10000) { problem(path, 'has more than 10000 items'); return undefined; }
      open.push(v);
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        const at = path + '[' + i + ']';
        let x;
        try { x = v[i]; } catch (e) { problem(at, 'could not be read: ' + msg(e)); continue; }
        out[i] = copy(x, at, open);
      }
      open.pop();
      return out;
    }
    keys = Object.keys(v);
  } catch (e) {
    problem(path, 'could not be read: ' + msg(e));
    return undefined;
  }
  open.push(v);
  const out = {};
  for (const k of keys) {
    const at = path ? path + '.' + k : k;
    let x;
    try { x = v[k]; } catch (e) { problem(at, 'could not be read: ' + msg(e)); continue; }
    x = copy(x, at, open);
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  open.pop();
  return out;
}
export function snapshot(v) {
  found = undefined;
  const out = copy(v, '', []);
  if (!found) return out;
  found[0] = out;
  return undefined;
}
export function problems() { const p = found; found = undefined; return p; }")]
extern "C" {
    /// `JSON.stringify(v)` written as UTF-8 into wasm memory at `ptr` (at
    /// most `cap` bytes): its length; -1 when it did not fit (then `again`),
    /// -2 when it cannot be serialized (then `take()` is `[path, message]`).
    /// The text is kept for `take()` when `keep`. `TextEncoder.encodeInto`
    /// straight into the buffer is ~4x faster than passing a `String` (a JS
    /// loop per character); one call for both steps saved ~0.2 µs a check.
    fn serialize_into(v: &JsValue, memory: &JsValue, ptr: u32, cap: u32, keep: bool) -> i32;
    /// After -1: the kept text written again, with more room.
    fn again(memory: &JsValue, ptr: u32, cap: u32) -> i32;
    /// The kept text's length in UTF-16 units.
    fn kept_len() -> u32;
    /// What was kept (the text, or `[path, message]`), no longer kept.
    fn take() -> JsValue;
    /// A plain-data copy of params or a form/multipart body (see `plain`).
    fn snapshot(v: &JsValue) -> JsValue;
    /// After `snapshot` gave `undefined`: `[partial copy, path, message, ...]`.
    fn problems() -> js_sys::Array;
}

/// The caller's `v` read once into plain data (`at` names it in issues). What
/// cannot be read is an issue at its path, and left out of the copy; the
/// paths are returned so that the checks of the copy do not report them again.
fn plain(v: Js, at: &str, issues: &mut Vec<Issue>, unread: &mut Vec<String>) -> Option<Js> {
    let out = snapshot(&v.0);
    if !out.is_undefined() {
        return Some(Js(out));
    }
    let found = problems();
    let n = found.length();
    let mut i = 1;
    while i + 1 < n {
        let path = found.get(i).as_string().filter(|p| !p.is_empty()).unwrap_or_else(|| at.to_owned());
        let message = found.get(i + 1).as_string().unwrap_or_default();
        unread.push(path.clone());
        issues.push(Issue::new(path, message));
        i += 2;
    }
    present(found.get(0))
}

/// Drops the issues after `from` about a member that could not be read
/// (already reported as such: "is required" would say it twice).
fn once(issues: &mut Vec<Issue>, from: usize, unread: &[String]) {
    if unread.is_empty() {
        return;
    }
    let mut i = 0;
    issues.retain(|issue| {
        i += 1;
        // The path is `u`, `u.…` or `u[…`.
        i <= from || !unread.iter().any(|u| issue.path.strip_prefix(u.as_str()).is_some_and(|rest| matches!(rest.as_bytes().first(), None | Some(b'.' | b'['))))
    });
}

thread_local! {
    /// One buffer for every body's text, kept between calls.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// This instance's memory, named to the JS side on every write.
    static MEMORY: JsValue = wasm_bindgen::memory();
}

/// How `body` serialized: its UTF-8 text, or not at all (`take()` says why).
enum Text<'b> {
    Utf8(&'b [u8]),
    Unserializable,
}

/// Runs `f` with the UTF-8 text of `JSON.stringify(body)`.
fn with_text<R>(body: &JsValue, keep: bool, f: impl FnOnce(Text) -> R) -> R {
    SCRATCH.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            // Re-entered (cannot happen: nothing here calls back): a buffer of its own.
            let mut own = Vec::new();
            return f(fill(body, keep, &mut own));
        };
        let out = f(fill(body, keep, &mut buf));
        // A rare huge body does not keep its buffer: the allocator gets the
        // space back for everything else.
        if buf.len() > 1 << 20 {
            *buf = Vec::new();
        }
        out
    })
}

/// The buffer is kept at its full length (zeroed once when it grows), so
/// the bytes JS writes are always initialized and no copy is needed.
fn fill<'b>(body: &JsValue, keep: bool, buf: &'b mut Vec<u8>) -> Text<'b> {
    if buf.len() < 4096 {
        buf.resize(4096, 0);
    }
    let mut n = MEMORY.with(|m| serialize_into(body, m, buf.as_mut_ptr() as u32, buf.len() as u32, keep));
    if n == -1 {
        // UTF-16 → UTF-8 is at most 3 bytes per code unit.
        buf.resize((kept_len() as usize).saturating_mul(3) + 16, 0);
        n = MEMORY.with(|m| again(m, buf.as_mut_ptr() as u32, buf.len() as u32));
        if !keep {
            take();
        }
    }
    match usize::try_from(n) {
        Ok(n) => Text::Utf8(buf.get(..n).unwrap_or_default()),
        Err(_) => Text::Unserializable,
    }
}

/// `request::prepare_with`, or only its checks when nothing is to be sent
/// (`keep` false: `HighLevel.validate`; the URL is left empty).
fn run(keep: bool, op: &Op, base: &str, params: Option<&Any>, body: Option<&Any>, issues: &mut Vec<Issue>) -> Prepared {
    if keep {
        return request::prepare_with(op, base, params, body, issues);
    }
    request::check_with(op, params, body, issues);
    Prepared { url: String::new(), path: String::new(), headers: Vec::new() }
}

/// Validates params and body of `row` and builds its URL; a JSON body is
/// validated as its serialized text, which is returned to be sent as is
/// when `keep` (`undefined` when it cannot be serialized: an issue says why,
/// and the value must not be serialized again on the way out).
pub fn prepare(row: &'static Op, base: &str, params: JsValue, body: JsValue, keep: bool, issues: &mut Vec<Issue>) -> (Prepared, Option<JsValue>) {
    prepare_found(row, base, params, body, keep, issues, &mut String::new())
}

/// `\0path\0message...` (`wire_check::issues`) as issues, after `issues`.
#[inline(never)]
pub fn cut(found: &str, issues: &mut Vec<Issue>) {
    let mut parts = found.split('\0').skip(1);
    while let (Some(path), Some(message)) = (parts.next(), parts.next()) {
        issues.push(Issue::new(path, message));
    }
}

/// `prepare`; when nothing is to be sent (`keep` false) and they are the
/// only issues, the JSON body's issues from the wire pass are left as the
/// text `\0path\0message...` in `found` (the validate export hands that
/// text to JS as it is).
pub fn prepare_found(row: &'static Op, base: &str, params: JsValue, body: JsValue, keep: bool, issues: &mut Vec<Issue>, found: &mut String) -> (Prepared, Option<JsValue>) {
    let mut unread = Vec::new();
    let params = present(params).and_then(|p| plain(p, "params", issues, &mut unread)).map(Any::Js);
    let body = present(body);
    let json = row.body.as_ref().is_some_and(|b| b.kind == BodyKind::Json);
    let b = match body {
        Some(b) if json => b,
        // A form or multipart body: checked and sent as one plain copy.
        Some(b) if row.body.is_some() => {
            let copy = plain(b, "body", issues, &mut unread).map(Any::Js);
            let from = issues.len();
            let prepared = run(keep, row, base, params.as_ref(), copy.as_ref(), issues);
            once(issues, from, &unread);
            return (prepared, Some(if let Some(Any::Js(c)) = copy { c.0 } else { JsValue::UNDEFINED }));
        }
        other => {
            let from = issues.len();
            let prepared = run(keep, row, base, params.as_ref(), other.map(Any::Js).as_ref(), issues);
            once(issues, from, &unread);
            return (prepared, None);
        }
    };
    let from = issues.len();
    let params_only = Op { body: None, ..*row };
    // Err(true): serialized, but nested deeper than the parser goes.
    let done = with_text(&b.0, keep, |text| {
        let Text::Utf8(text) = text else { return Err(false) };
        let Some(schema) = row.body.as_ref().map(|spec| spec.schema) else { return Err(false) };
        // A valid body is settled in one pass; otherwise only the members
        // that pass refuses are walked (wire_issues.rs, its issues as text
        // in `found`), or, when it cannot say, the whole text.
        let prepared = run(keep, &params_only, base, params.as_ref(), None, issues);
        if crate::wire_check::valid(text, schema) || crate::wire_check::issues(text, schema, found).is_some() {
            return Ok(prepared);
        }
        found.clear();
        issues.truncate(from);
        let doc = Doc::parse_bytes(text).map_err(|_| true)?;
        Ok(run(keep, row, base, params.as_ref(), doc.root().map(Any::Json).as_ref(), issues))
    });
    let deep = match done {
        Ok(prepared) => {
            // As issues for a call (what it throws lists them), beside
            // others, or before `once` drops those about unread members.
            if keep || !issues.is_empty() {
                cut(found, issues);
                found.clear();
            }
            once(issues, from, &unread);
            return (prepared, keep.then(take));
        }
        Err(deep) => deep,
    };
    // Not serializable (or, serialized, nested deeper than the parser goes):
    // the params are still checked, the body is one issue.
    let why = take(); // `[path, message]`, or the deep text, no longer kept
    let why = if deep { JsValue::UNDEFINED } else { why };
    let prepared = run(keep, &params_only, base, params.as_ref(), None, issues);
    once(issues, from, &unread);
    let path = get(&why, "0").as_string().unwrap_or_else(|| "body".to_owned());
    let fallback = if deep { "is nested too deeply to check" } else { "cannot be serialized as JSON" };
    let message = get(&why, "1").as_string().unwrap_or_else(|| fallback.to_owned());
    issues.push(Issue::new(path, message));
    (prepared, Some(JsValue::UNDEFINED))
}
