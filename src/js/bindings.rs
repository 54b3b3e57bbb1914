//! Structural bindings to what every runtime (browsers, Node >= 18, workerd)
//! has globally. Bound by shape rather than through web-sys, which keeps the
//! wasm small and never touches `window`, absent in Workers and Node.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    pub type FetchResponse;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &FetchResponse) -> u16;
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &FetchResponse) -> FetchHeaders;
    #[wasm_bindgen(method, catch)]
    pub fn text(this: &FetchResponse) -> Result<Promise, JsValue>;

    #[derive(Clone)]
    pub type FetchHeaders;
    #[wasm_bindgen(method, catch)]
    pub fn get(this: &FetchHeaders, name: &str) -> Result<Option<String>, JsValue>;

    #[derive(Clone)]
    pub type AbortSignal;
    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &AbortSignal) -> bool;
    #[wasm_bindgen(static_method_of = AbortSignal, js_class = "AbortSignal", catch)]
    pub fn timeout(ms: f64) -> Result<AbortSignal, JsValue>;
    #[wasm_bindgen(static_method_of = AbortSignal, js_class = "AbortSignal", catch)]
    pub fn any(signals: &Array) -> Result<AbortSignal, JsValue>;

    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// Any plain object this crate creates itself (request init, headers,
    /// error data): writes cannot throw, so no exception trampoline.
    pub type Bag;
    #[wasm_bindgen(method, structural, indexing_setter)]
    pub fn put(this: &Bag, key: &JsValue, value: &JsValue);
}


// The pipeline's JS side (`pipeline.js`): waits, sends, reports back.
#[wasm_bindgen(module = "/src/js/pipeline.js")]
extern "C" {
    /// A value's JSON kind in one crossing (0 null/undefined, 1 boolean,
    /// 2 number, 3 string, 4 array, 5 object, 6 anything else).
    pub fn kind(value: &JsValue) -> u32;
    #[allow(clippy::too_many_arguments)]
    pub fn send(fetch: &js_sys::Function, url: &JsValue, init: &js_sys::Object, id: u32, settle: &js_sys::Function, delay_ms: f64, limiter: &JsValue, key: &JsValue, signal: &JsValue, timeout_ms: f64) -> Promise;
    /// A request's init in one crossing: Accept, Version (when defined),
    /// Authorization and Content-Type (when defined) set on `headers` after
    /// what it holds, then `{ method, body?, headers }`.
    pub fn init(headers: &js_sys::Object, method: &JsValue, version: &JsValue, auth: &JsValue, content_type: &JsValue, body: &JsValue) -> js_sys::Object;
    /// The five `X-RateLimit-*` headers of a response in one crossing
    /// (max, remaining, interval, daily limit, daily remaining; NaN when absent).
    pub fn figures(res: &JsValue) -> Vec<f64>;
    /// `limiter.update(key, figures)`; its failures are the limiter's own.
    pub fn update(limiter: &JsValue, key: &JsValue, figures: &JsValue);
}
