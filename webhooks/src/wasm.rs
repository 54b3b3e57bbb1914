//! The exports: each resolves to a plain JS value or rejects with
//! `{ kind, message }`, which the JS entry turns into a `HighLevelError`.
//! WebCrypto (`SubtleCrypto`, handed in by the entry so Node 18 works without
//! a global `crypto`) does the RSA, Ed25519 and AES work.

use crate::{plan, time, usercontext, Check, Failure, Inputs};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{CryptoKey, SubtleCrypto};

fn to_js(f: Failure) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"kind".into(), &f.kind.into());
    let _ = Reflect::set(&o, &"message".into(), &f.message.into());
    o.into()
}

/// Awaits a WebCrypto promise; a synchronous throw or a rejection becomes `fail`.
async fn settle(
    p: Result<Promise, JsValue>,
    fail: impl Fn() -> Failure,
) -> Result<JsValue, Failure> {
    JsFuture::from(p.map_err(|_| fail())?)
        .await
        .map_err(|_| fail())
}

fn usages(u: &str) -> JsValue {
    Array::of1(&u.into()).into()
}

async fn import(
    subtle: &SubtleCrypto,
    format: &str,
    data: &[u8],
    algo: &Object,
    usage: &str,
    what: &str,
) -> Result<CryptoKey, Failure> {
    let data: Object = Uint8Array::from(data).into();
    let message = [what, " cannot be used: this runtime's WebCrypto refused it"].concat();
    let key = settle(
        subtle.import_key_with_object(format, &data, algo, false, &usages(usage)),
        || Failure::signature(&message),
    )
    .await?;
    key.dyn_into::<CryptoKey>()
        .map_err(|_| Failure::signature(&message))
}

fn algorithm(pairs: &[(&str, &JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

async fn check_signature(subtle: &SubtleCrypto, check: Check, body: &[u8]) -> Result<(), Failure> {
    let (key, algo, signature, header) = match check {
        Check::Ed25519 { key, signature } => {
            let algo = algorithm(&[("name", &"Ed25519".into())]);
            (
                import(subtle, "raw", &key, &algo, "verify", "options.publicKey").await?,
                algo,
                signature,
                "x-ghl-signature",
            )
        }
        Check::Rsa { spki, signature } => {
            let algo = algorithm(&[
                ("name", &"RSASSA-PKCS1-v1_5".into()),
                ("hash", &"SHA-256".into()),
            ]);
            (
                import(subtle, "spki", &spki, &algo, "verify", "the RSA public key").await?,
                algo,
                signature,
                "x-wh-signature",
            )
        }
    };
    let invalid = [header, " does not match the body"].concat();
    let ok = settle(
        subtle.verify_with_object_and_u8_array_and_u8_array(&algo, &key, &signature, body),
        || Failure::signature(&invalid),
    )
    .await?;
    if ok.as_bool() == Some(true) {
        Ok(())
    } else {
        Err(Failure::signature(&invalid))
    }
}

/// JSON text → a plain object (arrays and scalars are not events or contexts).
fn json_object(text: &str, what: &str) -> Result<JsValue, Failure> {
    let value = JSON::parse(text).map_err(|_| Failure::decode(&[what, " is not JSON"].concat()))?;
    if value.is_object() && !Array::is_array(&value) {
        Ok(value)
    } else {
        Err(Failure::decode(&[what, " is not a JSON object"].concat()))
    }
}

/// After the signature: UTF-8 JSON, then the replay window.
async fn verify_inner(
    check: Check,
    body: Vec<u8>,
    tolerance_sec: f64,
    now_ms: f64,
    subtle: SubtleCrypto,
) -> Result<JsValue, Failure> {
    check_signature(&subtle, check, &body).await?;
    let text = std::str::from_utf8(&body).map_err(|_| Failure::decode("the body is not UTF-8"))?;
    let event = json_object(text, "the body")?;
    let stamp = Reflect::get(&event, &"timestamp".into()).unwrap_or(JsValue::UNDEFINED);
    let stamp = if stamp.is_undefined() || stamp.is_null() {
        None
    } else {
        Some(stamp.as_string().unwrap_or_default())
    };
    time::check_window(stamp.as_deref(), now_ms, tolerance_sec)?;
    Ok(event)
}

/// Signature over `body` (the bytes received), then decode, then the replay window.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn verify(
    body: Vec<u8>,
    ghl: Option<String>,
    wh: Option<String>,
    public_key: Option<String>,
    rsa_public_key: Option<String>,
    legacy_rsa: bool,
    tolerance_sec: f64,
    now_ms: f64,
    subtle: SubtleCrypto,
) -> Promise {
    let check = plan(&Inputs {
        ghl_signature: ghl.as_deref(),
        wh_signature: wh.as_deref(),
        public_key: public_key.as_deref(),
        rsa_public_key: rsa_public_key.as_deref(),
        legacy_rsa,
    });
    future_to_promise(async move {
        let check = check.map_err(to_js)?;
        verify_inner(check, body, tolerance_sec, now_ms, subtle)
            .await
            .map_err(to_js)
    })
}

async fn decrypt_inner(
    payload: String,
    secret: String,
    subtle: SubtleCrypto,
) -> Result<JsValue, Failure> {
    let sealed = usercontext::parse(&payload)?;
    let (key, iv) = usercontext::key_and_iv(secret.as_bytes(), &sealed.salt);
    let algo = algorithm(&[("name", &"AES-CBC".into())]);
    let key = import(
        &subtle,
        "raw",
        &key,
        &algo,
        "decrypt",
        "the derived AES key",
    )
    .await?;
    let iv: JsValue = Uint8Array::from(&iv[..]).into();
    let algo = algorithm(&[("name", &"AES-CBC".into()), ("iv", &iv)]);
    // A padding error is what a wrong secret or altered ciphertext gives.
    let plain = settle(
        subtle.decrypt_with_object_and_u8_array(&algo, &key, &sealed.ciphertext),
        Failure::wrong_secret,
    )
    .await?;
    let plain = Uint8Array::new(&plain).to_vec();
    json_object(
        usercontext::plaintext(&plain)?,
        "the decrypted user context",
    )
}

/// CryptoJS `AES.encrypt(JSON, sharedSecret)` output → the user context object.
#[wasm_bindgen(js_name = decryptUserContext)]
pub fn decrypt_user_context(payload: String, secret: String, subtle: SubtleCrypto) -> Promise {
    future_to_promise(async move { decrypt_inner(payload, secret, subtle).await.map_err(to_js) })
}
