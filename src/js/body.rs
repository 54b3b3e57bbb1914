//! Request bodies on the wire: JSON text, form-urlencoded text, or FormData.

use super::bindings::json_stringify;
use super::jsvalue::{get, present, Js};
use crate::request;
use crate::table::BodyKind;
use crate::validate::Issue;
use crate::value::Value;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A call's body: the caller's value, or the body `wire.rs` prepared and
/// validated (a JSON body's text; a form or multipart body's plain copy).
pub enum Payload {
    Value(JsValue),
    Json(JsValue),
}

/// The wire form of the body and its Content-Type (`None` lets fetch set a
/// multipart boundary itself).
pub fn encode_body(kind: Option<BodyKind>, body: &Payload) -> Result<Option<(Option<&'static str>, JsValue)>, Issue> {
    let body = match body {
        Payload::Json(text) if kind == Some(BodyKind::Json) => return Ok(Some((Some(request::JSON), text.clone()))),
        Payload::Json(v) | Payload::Value(v) => v,
    };
    let (Some(kind), Some(b)) = (kind, present(body.clone())) else { return Ok(None) };
    match kind {
        BodyKind::Json => match json_stringify(&b.0) {
            Ok(s) if s.is_string() => Ok(Some((Some(request::JSON), s))),
            _ => Err(Issue::new("body", "cannot be serialized as JSON")),
        },
        BodyKind::Form => Ok(Some((Some(request::FORM), request::form_body(&b).into()))),
        BodyKind::Multipart => Ok(Some((None, to_form_data(b)?))),
    }
}

/// FormData passes through; a plain object becomes one, field by field.
fn to_form_data(b: Js) -> Result<JsValue, Issue> {
    let ctor = get(&js_sys::global(), "FormData");
    let Some(ctor) = ctor.dyn_ref::<Function>() else {
        return Err(Issue::new("body", "FormData is not available in this runtime"));
    };
    if Reflect::get_prototype_of(&b.0).ok().map(JsValue::from).as_ref() == Some(&get(ctor, "prototype")) {
        return Ok(b.0);
    }
    let fd = Reflect::construct(ctor, &Array::new()).map_err(|_| Issue::new("body", "could not build FormData"))?;
    let append = get(&fd, "append").dyn_into::<Function>().map_err(|_| Issue::new("body", "could not build FormData"))?;
    for k in b.keys() {
        let v = get(&b.0, &k);
        let v = if v.is_object() && get(&v, "arrayBuffer").is_function() { v } else { JsValue::from(js_sys::JsString::from(v)) };
        if append.call2(&fd, &JsValue::from_str(&k), &v).is_err() {
            return Err(Issue::new(format!("body.{k}"), "could not be added to FormData"));
        }
    }
    Ok(fd)
}
