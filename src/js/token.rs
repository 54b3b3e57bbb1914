//! `tokenFields(body)`: the OAuth token answer `auth-rules.js` turns into a
//! session, read by `crate::token` (fuzzed natively) in place of JS:
//! `{ accessToken?, refreshToken?, expiresIn, userType?, companyId?,
//! locationId?, userId?, scopes }`, a field left out when the answer lacks it.

use super::jsvalue::{set, Js};
use crate::token;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = tokenFields)]
pub fn token_fields(body: JsValue) -> JsValue {
    let t = token::read(&Js(body));
    let out = Object::new();
    let text = |key: &'static str, v: Option<String>| {
        if let Some(s) = v {
            set(&out, key, &JsValue::from(s));
        }
    };
    text("accessToken", t.access_token);
    text("refreshToken", t.refresh_token);
    set(&out, "expiresIn", &JsValue::from_f64(t.expires_in));
    if let Some(u) = t.user_type {
        set(&out, "userType", &JsValue::from_str(u));
    }
    text("companyId", t.company_id);
    text("locationId", t.location_id);
    text("userId", t.user_id);
    let scopes = Array::new();
    for s in t.scopes {
        scopes.push(&JsValue::from(s));
    }
    set(&out, "scopes", &scopes);
    out.into()
}
