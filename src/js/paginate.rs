//! `pageStep`: the pagination decision (`crate::paginate`) for the JS
//! iterator in `paginate.js`, which sends every page through the client so
//! pacing, retries and the caller's signal apply to each.

use super::jsvalue::{set, Js};
use crate::paginate::{self, Set, Step};
use crate::table;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// The client's default base URL (`client.rs`), for when the config names none.
const DEFAULT_BASE: &str = "https://services.leadconnectorhq.com";

fn changes(list: Vec<(String, Set<Js>)>) -> Array {
    list.into_iter()
        .map(|(k, v)| {
            let value = match v {
                Set::Number(n) => JsValue::from_f64(n),
                Set::Text(t) => JsValue::from_str(&t),
                Set::List(l) => l.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into(),
                Set::Copy(Js(v)) => v,
            };
            JsValue::from(Array::of2(&JsValue::from_str(&k), &value))
        })
        .collect()
}

/// After `page` answered list operation `op` called with `params` and
/// `body`, `seen` items having come before it: `{ items, seen, next, error }`.
/// `items` is the page's items (empty when it has none), `seen` the count
/// with them; `next` is absent at the end, else `{ replace, params, body }`
/// with `[key, value]` changes (`replace`: `params` is the whole new set);
/// `error` (kind `pagination`) says why the walk cannot go on.
#[wasm_bindgen(js_name = pageStep)]
pub fn page_step(op: u32, params: JsValue, body: JsValue, page: JsValue, seen: f64, base: JsValue) -> JsValue {
    let out = Object::new();
    let Some((row, paging)) = table::op(op).and_then(|r| r.paging.map(|p| (r, p))) else {
        set(&out, "items", &Array::new());
        return out.into();
    };
    let items = paginate::items(paging, Js(page.clone())).map_or_else(|| JsValue::from(Array::new()), |v| v.0);
    let count = items.dyn_ref::<Array>().map_or(0, Array::length);
    let seen = seen.max(0.0) as u64 + u64::from(count);
    set(&out, "items", &items);
    set(&out, "seen", &JsValue::from_f64(seen as f64));
    let base = base.as_string().unwrap_or_else(|| DEFAULT_BASE.to_owned());
    let (params, body, page) = (Js(params), Js(body), Js(page));
    let params = (!params.0.is_undefined()).then_some(&params);
    let body = (!body.0.is_undefined()).then_some(&body);
    match paginate::next(row, paging, params, body, &page, seen, &base) {
        Ok(Step::End) => {}
        Ok(Step::Next(n)) => {
            let next = Object::new();
            set(&next, "replace", &n.replace.into());
            set(&next, "params", &changes(n.params));
            set(&next, "body", &changes(n.body));
            set(&out, "next", &next);
        }
        Err(why) => set(&out, "error", &error(row, &why)),
    }
    out.into()
}

/// The error object (kind `pagination`) for a walk of `row` that cannot go on.
fn error(row: &table::Op, why: &str) -> JsValue {
    let message = format!("Pagination of {} stopped: {why}", row.id);
    let e = Object::new();
    set(&e, "kind", &"pagination".into());
    set(&e, "message", &message.as_str().into());
    set(&e, "messages", &Array::of1(&message.as_str().into()));
    set(&e, "issues", &Array::new());
    set(&e, "operationId", &row.id.into());
    set(&e, "method", &row.method.as_str().into());
    set(&e, "path", &row.path.into());
    set(&e, "retryable", &false.into());
    e.into()
}

/// `error` for a reason found on the JS side (a request repeating an earlier one).
#[wasm_bindgen(js_name = pageError)]
pub fn page_error(op: u32, why: &str) -> JsValue {
    table::op(op).map_or(JsValue::UNDEFINED, |row| error(row, why))
}
