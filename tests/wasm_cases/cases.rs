use highlevel_wasm::js::{Client, Js};
use highlevel_wasm::table::find_op;
use highlevel_wasm::value::{Kind, Value};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

fn js(src: &str) -> JsValue {
    Function::new_no_args(&format!("return ({src});")).call0(&JsValue::NULL).expect("test JS evaluates")
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).expect("readable")
}

/// A fetch that records its last call and answers `status` with `body`.
fn client(status: u16, body: &str, content_type: &str) -> (Client, JsValue) {
    let log = Object::new();
    let fetch = Function::new_with_args("log, status, body, ct", "return (url, init) => { log.url = url; log.init = init; return Promise.resolve(new Response(status === 204 ? null : body, { status, headers: { 'content-type': ct, 'x-request-id': 'req-1', 'x-ratelimit-remaining': '42' } })); }")
        .apply(&JsValue::NULL, &js_sys::Array::of4(&log, &status.into(), &body.into(), &content_type.into()))
        .expect("fetch");
    let config = Object::new();
    Reflect::set(&config, &"privateIntegrationToken".into(), &"pit-secret-token".into()).expect("set");
    Reflect::set(&config, &"baseUrl".into(), &"https://api.test".into()).expect("set");
    Reflect::set(&config, &"fetch".into(), &fetch).expect("set");
    (Client::new(config.into()), log.into())
}

fn op(id: &str) -> u32 {
    find_op(id).expect("operation in table").0
}

#[wasm_bindgen_test]
async fn sends_the_documented_request_and_resolves_the_body() {
    let (c, log) = client(201, r#"{"followers":["u1","u2"],"followersAdded":["u2"]}"#, "application/json");
    let p = c.call(op("add-followers-contact"), js("{ contactId: 'c/1' }"), js("{ followers: ['u2'], note: 'kept' }"), JsValue::UNDEFINED);
    let v = JsFuture::from(p).await.expect("resolves");
    assert_eq!(get(&v, "followersAdded").dyn_into::<js_sys::Array>().expect("array").length(), 1);
    assert_eq!(get(&log, "url").as_string().as_deref(), Some("https://api.test/contacts/c%2F1/followers"));
    let init = get(&log, "init");
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("POST"));
    assert_eq!(get(&init, "body").as_string().as_deref(), Some(r#"{"followers":["u2"],"note":"kept"}"#));
    let h = get(&init, "headers");
    assert_eq!(get(&h, "Authorization").as_string().as_deref(), Some("Bearer pit-secret-token"));
    assert_eq!(get(&h, "Version").as_string().as_deref(), Some("2021-07-28"));
    assert_eq!(get(&h, "Content-Type").as_string().as_deref(), Some("application/json"));
    assert_eq!(get(&c.rate_limit(), "remaining").as_f64(), Some(42.0));
}

#[wasm_bindgen_test]
async fn rejects_bad_input_before_fetch_with_every_issue() {
    let (c, log) = client(201, "{}", "application/json");
    let p = c.call(op("add-tags"), js("{ contactId: '..' }"), js("{ tags: ['ok', ''] }"), JsValue::UNDEFINED);
    let e = JsFuture::from(p).await.expect_err("rejects");
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("validation"));
    let paths: Vec<String> = get(&e, "issues").dyn_into::<js_sys::Array>().expect("array").iter().map(|i| get(&i, "path").as_string().unwrap_or_default()).collect();
    assert_eq!(paths, vec!["contactId", "tags[1]"]);
    assert!(get(&log, "url").is_undefined(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn maps_http_errors_and_keeps_html_bodies() {
    let (c, _) = client(502, "<html>Bad gateway</html>", "text/html");
    let e = JsFuture::from(c.call(op("get-contact"), js("{ contactId: 'c1' }"), JsValue::UNDEFINED, JsValue::UNDEFINED)).await.expect_err("rejects");
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("server"));
    assert_eq!(get(&e, "statusCode").as_f64(), Some(502.0));
    assert_eq!(get(&e, "response").as_string().as_deref(), Some("<html>Bad gateway</html>"));
    assert_eq!(get(&e, "requestId").as_string().as_deref(), Some("req-1"));

    let (c, _) = client(422, r#"{"statusCode":422,"message":["a is bad","b is bad"]}"#, "application/json");
    let e = JsFuture::from(c.call(op("get-contact"), js("{ contactId: 'c1' }"), JsValue::UNDEFINED, JsValue::UNDEFINED)).await.expect_err("rejects");
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("unprocessable"));
    assert_eq!(get(&e, "message").as_string().as_deref(), Some("a is bad, b is bad"));
}

#[wasm_bindgen_test]
async fn decode_errors_and_empty_bodies() {
    let (c, _) = client(200, r#"{"contact":"#, "application/json");
    let e = JsFuture::from(c.call(op("get-contact"), js("{ contactId: 'c1' }"), JsValue::UNDEFINED, JsValue::UNDEFINED)).await.expect_err("rejects");
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("decode"));
    let (c, _) = client(204, "", "application/json");
    let v = JsFuture::from(c.call(op("get-contact"), js("{ contactId: 'c1' }"), JsValue::UNDEFINED, JsValue::UNDEFINED)).await.expect("resolves");
    assert!(v.is_undefined());
}

#[wasm_bindgen_test]
fn js_values_are_read_in_place() {
    assert_eq!(Js(js("null")).kind(), Kind::Null);
    assert_eq!(Js(js("[1, 'a']")).kind(), Kind::Array);
    assert_eq!(Js(js("[1, 'a']")).len(), 2);
    assert_eq!(Js(js("({ a: { b: 'x' } })")).field("a").and_then(|a| a.field("b")).and_then(|b| b.as_str()).as_deref(), Some("x"));
    assert_eq!(Js(js("(() => 1)")).kind(), Kind::Other);
    assert!(Js(js("({ get a() { throw new Error('x') } })")).field("a").is_none());
}
