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


// The only hand-written JS in the crate: chains one attempt (a wait for the
// back-off and the rate slot, an optional `limiter.acquire`, fetch with the
// attempt's own timeout, then the body text) and reports how it settled to one
// long-lived Rust callback, so no per-call closures are needed. Stages: 0 body
// read, 1 body read failed, 2 fetch failed, 3 waiting failed (nothing sent),
// 4 ask the pacer again.
#[wasm_bindgen(inline_js = "export function kind(v) {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean': return 1;
    case 'number': return 2;
    case 'string': return 3;
    case 'object': return Array.isArray(v) ? 4 : 5;
    default: return 6;
  }
}
function sleep(ms, signal) {
  return new Promise((ok, no) => {
    if (signal && signal.aborted) return no(signal.reason);
    const stop = () => { clearTimeout(t); no(signal.reason); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', stop); ok(); }, ms);
    if (signal) signal.addEventListener('abort', stop, { once: true });
  });
}
function arm(signal, ms) {
  if (!(ms > 0)) return [signal, undefined];
  const timer = AbortSignal.timeout(ms);
  if (!signal) return [timer, timer];
  if (AbortSignal.any) return [AbortSignal.any([signal, timer]), timer];
  const c = new AbortController();
  const stop = () => c.abort();
  signal.addEventListener('abort', stop, { once: true });
  timer.addEventListener('abort', stop, { once: true });
  return [c.signal, timer];
}
export function send(f, url, init, id, settle, delay, limiter, key, signal, timeoutMs) {
  if (delay < 0) return sleep(-delay, signal).then(() => settle(id, undefined, undefined, 4, undefined), (e) => settle(id, undefined, e, 3, undefined));
  const go = () => {
    const [s, timer] = arm(signal, timeoutMs);
    const i = s ? { ...init, signal: s } : init;
    return new Promise((ok) => ok(f(url, i))).then(
      (r) => new Promise((ok) => ok(r.text())).then((t) => settle(id, r, t, 0, timer), (e) => settle(id, r, e, 1, timer)),
      (e) => settle(id, undefined, e, 2, timer));
  };
  let ready = delay > 0 ? sleep(delay, signal) : undefined;
  if (limiter) ready = (ready || Promise.resolve()).then(() => limiter.acquire(key, { signal }));
  return ready ? ready.then(go, (e) => settle(id, undefined, e, 3, undefined)) : go();
}
const RATE = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];
export function figures(r) {
  const out = new Float64Array(5);
  const h = r.headers;
  for (let i = 0; i < 5; i++) {
    const v = h.get(RATE[i]);
    out[i] = v === null || v === undefined || String(v).trim() === '' ? NaN : Number(v);
  }
  return out;
}
export function update(limiter, key, figures) {
  try { Promise.resolve(limiter.update(key, figures)).catch(() => {}); } catch (e) {}
}")]
extern "C" {
    /// A value's JSON kind in one crossing (0 null/undefined, 1 boolean,
    /// 2 number, 3 string, 4 array, 5 object, 6 anything else).
    pub fn kind(value: &JsValue) -> u32;
    #[allow(clippy::too_many_arguments)]
    pub fn send(fetch: &js_sys::Function, url: &JsValue, init: &js_sys::Object, id: u32, settle: &js_sys::Function, delay_ms: f64, limiter: &JsValue, key: &JsValue, signal: &JsValue, timeout_ms: f64) -> Promise;
    /// The five `X-RateLimit-*` headers of a response in one crossing
    /// (max, remaining, interval, daily limit, daily remaining; NaN when absent).
    pub fn figures(res: &JsValue) -> Vec<f64>;
    /// `limiter.update(key, figures)`; its failures are the limiter's own.
    pub fn update(limiter: &JsValue, key: &JsValue, figures: &JsValue);
}
