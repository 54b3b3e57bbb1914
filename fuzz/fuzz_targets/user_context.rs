//! Custom-page user context (CryptoJS `AES.encrypt(text, secret)`): payload
//! parsing, EVP_BytesToKey and the plaintext check on arbitrary input, and,
//! natively with the `aes`/`cbc` crates (the wasm uses WebCrypto), the whole
//! open: whatever is sealed with a secret opens with it to the same bytes,
//! and an arbitrary payload either fails cleanly or opens to checked text.
//! Input: payload, secret, plaintext to seal (NUL-separated), 8 salt bytes last.
#![no_main]
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use highlevel_fuzz::parts;
use highlevel_webhooks::usercontext::{key_and_iv, parse, plaintext};
use libfuzzer_sys::fuzz_target;

type Enc = cbc::Encryptor<aes::Aes256>;
type Dec = cbc::Decryptor<aes::Aes256>;

fn open(payload: &str, secret: &[u8]) -> Result<Vec<u8>, &'static str> {
    let sealed = parse(payload).map_err(|f| f.kind)?;
    assert!(!sealed.ciphertext.is_empty() && sealed.ciphertext.len() % 16 == 0);
    let (key, iv) = key_and_iv(secret, &sealed.salt);
    Dec::new(&key.into(), &iv.into()).decrypt_padded_vec_mut::<Pkcs7>(&sealed.ciphertext).map_err(|_| "signature")
}

fuzz_target!(|data: &[u8]| {
    let [payload, secret, plain, salt] = parts::<4>(data);
    let payload = String::from_utf8_lossy(payload);
    match open(&payload, secret) {
        Ok(bytes) => {
            if let Ok(t) = plaintext(&bytes) {
                assert_eq!(t.as_bytes(), &bytes[..]);
            }
        }
        Err(kind) => assert!(kind == "decode" || kind == "signature", "{kind}"),
    }
    // Seal as CryptoJS does, open as the wasm does.
    let mut s = [0u8; 8];
    for (d, b) in s.iter_mut().zip(salt) {
        *d = *b;
    }
    let (key, iv) = key_and_iv(secret, &s);
    let ct = Enc::new(&key.into(), &iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plain);
    let b64 = base64::engine::general_purpose::STANDARD.encode([&b"Salted__"[..], &s, &ct].concat());
    assert_eq!(open(&b64, secret).as_deref(), Ok(plain));
    assert_eq!(plaintext(plain).is_ok(), std::str::from_utf8(plain).is_ok());
});
