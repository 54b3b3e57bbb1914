//! `JsValue` seen through the validator's `Value` trait: the caller's objects
//! are read in place, never serialized into wasm memory first.

use crate::value::{Kind, Value};
use js_sys::{Array, Object, Reflect};
use super::bindings::Bag;
use wasm_bindgen::{intern, JsCast, JsValue};

pub struct Js(pub JsValue);

impl Value for Js {
    fn kind(&self) -> Kind {
        let v = &self.0;
        if v.is_null() || v.is_undefined() {
            Kind::Null
        } else if v.is_string() {
            Kind::String
        } else if v.as_f64().is_some() {
            Kind::Number
        } else if v.as_bool().is_some() {
            Kind::Bool
        } else if Array::is_array(v) {
            Kind::Array
        } else if v.is_object() && !v.is_function() {
            Kind::Object
        } else {
            Kind::Other
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
        self.0.dyn_ref::<Array>().map_or(0, |a| a.length() as usize)
    }
    fn item(&self, index: usize) -> Option<Self> {
        let a = self.0.dyn_ref::<Array>()?;
        Some(Js(a.get(u32::try_from(index).ok()?)))
    }
    fn field(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        // A throwing getter or Proxy trap reads as "absent", never a panic.
        let v = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!v.is_undefined()).then_some(Js(v))
    }
    fn keys(&self) -> Vec<String> {
        match self.0.dyn_ref::<Object>() {
            Some(o) => Object::keys(o).iter().filter_map(|k| k.as_string()).collect(),
            None => Vec::new(),
        }
    }
}

/// `Some(value)` unless `undefined` or `null`.
pub fn present(v: JsValue) -> Option<Js> {
    (!v.is_undefined() && !v.is_null()).then_some(Js(v))
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets a fixed key (interned: sent to JS once, not decoded per call) on an
/// object of our own.
pub fn set(obj: &Object, key: &'static str, value: &JsValue) {
    obj.unchecked_ref::<Bag>().put(intern(key), value);
}

/// `set` for a fixed key and a fixed string value.
pub fn set_const(obj: &Object, key: &'static str, value: &'static str) {
    obj.unchecked_ref::<Bag>().put_str(intern(key), intern(value));
}

/// `set` for a key chosen by the caller (never interned: the cache would grow
/// with every new name).
pub fn set_dyn(obj: &Object, key: &str, value: &JsValue) {
    obj.unchecked_ref::<Bag>().put(key, value);
}
