//! `JsValue` seen through the validator's `Value` trait: the caller's objects
//! are read in place, never serialized into wasm memory first.

use crate::json::Json;
use crate::table::Prop;
use crate::value::{Kind, Value};
use js_sys::{Array, Object, Reflect};
use super::bindings::Bag;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// Reads of the caller's values that cannot throw: a JS exception must never
// unwind through wasm frames (it would skip their epilogues: the shadow
// stack pointer and any RefCell borrow left as they were, memory leaked).
// A revoked Proxy fails `Array.isArray`; a Proxy's traps or a getter can
// throw on `length`, an index or `Object.keys`: each reads as nothing here.
#[wasm_bindgen(inline_js = "export function kind(v) {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean': return 1;
    case 'number': return 2;
    case 'string': return 3;
    case 'object': try { return Array.isArray(v) ? 4 : 5; } catch (e) { return 6; }
    default: return 6;
  }
}
export function len(v) { try { return Array.isArray(v) ? v.length >>> 0 : 0; } catch (e) { return 0; } }
export function at(v, i) { try { return v[i]; } catch (e) { return undefined; } }
export function keys(v) { try { return Object.keys(v); } catch (e) { return []; } }")]
extern "C" {
    /// A value's JSON kind (0 null/undefined, 1 boolean, 2 number, 3 string,
    /// 4 array, 5 object, 6 anything else, a revoked Proxy included).
    fn kind(v: &JsValue) -> u32;
    /// An array's length (0 for anything else or when it cannot be read).
    fn len(v: &JsValue) -> u32;
    /// `v[i]`, or undefined when that throws.
    fn at(v: &JsValue, i: u32) -> JsValue;
    /// `Object.keys(v)`, or none when that throws.
    fn keys(v: &JsValue) -> Array;
}

pub struct Js(pub JsValue);

impl Value for Js {
    fn kind(&self) -> Kind {
        match kind(&self.0) {
            0 => Kind::Null,
            1 => Kind::Bool,
            2 => Kind::Number,
            3 => Kind::String,
            4 => Kind::Array,
            5 => Kind::Object,
            _ => Kind::Other,
        }
    }
    fn as_str(&self) -> Option<String> {
        self.0.as_string()
    }
    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn len(&self) -> usize {
        len(&self.0) as usize
    }
    fn item(&self, index: usize) -> Option<Self> {
        let i = u32::try_from(index).ok()?;
        (i < len(&self.0)).then(|| Js(at(&self.0, i)))
    }
    fn field(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        // A throwing getter or Proxy trap reads as "absent", never a panic.
        let v = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!v.is_undefined()).then_some(Js(v))
    }
    fn field_static(&self, key: &'static str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let v = Reflect::get(&self.0, &fixed(key)).ok()?;
        (!v.is_undefined()).then_some(Js(v))
    }
    fn is_opaque(&self) -> bool {
        // FormData has `append`; Blob and File have `arrayBuffer`.
        self.0.is_object() && (get(&self.0, "append").is_function() || get(&self.0, "arrayBuffer").is_function())
    }
    fn keys(&self) -> Vec<String> {
        if !self.0.is_object() {
            return Vec::new();
        }
        keys(&self.0).iter().filter_map(|k| k.as_string()).collect()
    }
}

/// What the validator and request checks read in wasm: the caller's values
/// in place, or JSON text. One type for both keeps one copy of
/// `validate::walk`/`typed` and `request::check_with` in the wasm instead of
/// one per view; a read costs one more match.
pub enum Any<'d, 'a> {
    Js(Js),
    Json(Json<'d, 'a>),
}

impl Value for Any<'_, '_> {
    fn kind(&self) -> Kind {
        match self {
            Any::Js(v) => v.kind(),
            Any::Json(v) => v.kind(),
        }
    }
    fn as_str(&self) -> Option<String> {
        match self {
            Any::Js(v) => v.as_str(),
            Any::Json(v) => v.as_str(),
        }
    }
    fn as_f64(&self) -> Option<f64> {
        match self {
            Any::Js(v) => v.as_f64(),
            Any::Json(v) => v.as_f64(),
        }
    }
    fn as_bool(&self) -> Option<bool> {
        match self {
            Any::Js(v) => v.as_bool(),
            Any::Json(v) => v.as_bool(),
        }
    }
    fn len(&self) -> usize {
        match self {
            Any::Js(v) => v.len(),
            Any::Json(v) => v.len(),
        }
    }
    fn item(&self, index: usize) -> Option<Self> {
        match self {
            Any::Js(v) => v.item(index).map(Any::Js),
            Any::Json(v) => v.item(index).map(Any::Json),
        }
    }
    fn field(&self, key: &str) -> Option<Self> {
        match self {
            Any::Js(v) => v.field(key).map(Any::Js),
            Any::Json(v) => v.field(key).map(Any::Json),
        }
    }
    fn field_static(&self, key: &'static str) -> Option<Self> {
        match self {
            Any::Js(v) => v.field_static(key).map(Any::Js),
            Any::Json(v) => v.field(key).map(Any::Json),
        }
    }
    fn keys(&self) -> Vec<String> {
        match self {
            Any::Js(v) => v.keys(),
            Any::Json(v) => v.keys(),
        }
    }
    fn members(&self, props: &'static [Prop], keys: &[u16], out: &mut Vec<Option<Self>>) {
        match self {
            Any::Js(v) => out.extend(props.iter().map(|p| v.field_static(p.name).map(Any::Js))),
            Any::Json(v) => {
                out.resize_with(props.len(), || None);
                v.each_member(props, keys, |i, m| {
                    if let Some(slot) = out.get_mut(i) {
                        *slot = Some(Any::Json(m));
                    }
                });
            }
        }
    }
    fn is_opaque(&self) -> bool {
        matches!(self, Any::Js(v) if v.is_opaque())
    }
}

/// `Some(value)` unless `undefined` or `null`.
pub fn present(v: JsValue) -> Option<Js> {
    // One crossing, not two (and no `then_some` call: opt-level "z").
    if v.is_null_or_undefined() {
        None
    } else {
        Some(Js(v))
    }
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

thread_local! {
    /// JS copies of the table's and this crate's fixed strings, made on first
    /// use: every later call passes a handle instead of decoding UTF-8 again.
    /// Sorted by the string's address and length (the strings come from the
    /// binary itself, so the address names the string): a binary search as
    /// quick as a hash here, without hashbrown in the wasm.
    static STATIC_STRS: RefCell<Vec<((usize, usize), JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JS string for a fixed Rust string (a handle of its own, cheap to
/// clone). One function, not one per caller: each generic `with` over the
/// list was ~250 bytes of wasm.
pub fn fixed(s: &'static str) -> JsValue {
    let key = (s.as_ptr() as usize, s.len());
    STATIC_STRS.with(|m| {
        // The borrow ends before any JS runs (a getter on the caller's
        // object may call back into this crate); if the list is in use
        // anyway, a one-off string.
        let at = match m.try_borrow() {
            Ok(list) => match list.binary_search_by_key(&key, |(k, _)| *k) {
                Ok(i) => match list.get(i) {
                    Some((_, v)) => return v.clone(),
                    None => None,
                },
                Err(i) => Some(i),
            },
            Err(_) => None,
        };
        let v = JsValue::from_str(s);
        if let (Some(i), Ok(mut list)) = (at, m.try_borrow_mut()) {
            list.insert(i, (key, v.clone()));
        }
        v
    })
}

/// Sets a fixed key on an object of our own.
pub fn set(obj: &Object, key: &'static str, value: &JsValue) {
    obj.unchecked_ref::<Bag>().put(&fixed(key), value);
}

/// `set` for a key chosen by the caller (never interned: the cache would grow
/// with every new name).
pub fn set_dyn(obj: &Object, key: &str, value: &JsValue) {
    obj.unchecked_ref::<Bag>().put(&JsValue::from_str(key), value);
}
