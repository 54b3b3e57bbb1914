//! The sandbox's own signing keys and HighLevel's payload formats: Ed25519
//! (`x-ghl-signature`) and RSA-SHA256 PKCS#1 v1.5 (`x-wh-signature`) over the
//! bytes sent, and CryptoJS passphrase-mode AES for the custom-page user
//! context. Fixed test keys, public on purpose: they sign nothing real.

use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use md5::{Digest, Md5};
use rsa::pkcs1v15;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::SignatureEncoding;
use rsa::RsaPrivateKey;
use sha2::Sha256;
use std::sync::OnceLock;

/// Ed25519 seed of the sandbox's key pair (its public key is printed at start).
const ED25519_SEED: [u8; 32] = [
    0x2a, 0xfd, 0x1f, 0x47, 0x76, 0xa2, 0x8e, 0x80, 0xa4, 0xf2, 0x20, 0x21, 0x15, 0xc6, 0xfb, 0xae,
    0xa2, 0x58, 0xc7, 0xef, 0x6b, 0x63, 0xac, 0xc2, 0x64, 0xde, 0x9d, 0x63, 0xbb, 0xd2, 0x16, 0xbd,
];

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410).
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// The sandbox's RSA test key (2048 bits, PKCS#8), for legacy `x-wh-signature`.
const RSA_PRIVATE_PEM: &str = "\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCkbtEgUWJ0bZSl
X7ugar2yeR4rk11L1W6jvcGqLuLvo8fyF+ITxMdu38LlOCdS4KnrJgZDgNBaPYyC
j9BJo1E1uygGDLgX/mnSLo8E5D1XYDUmOZmLMAP35pDOLIgTU7rA6fLFxWlMJ1tC
pDP0Ak6jF5XOWPCcnnggOOXBntP8+T1WsrnUnXawlm7qAVnBmcFPb4aWeiWi48HI
GvBMKDrUSXjZHuxyago3nuCRaMKnK2x2W5tRJl7XqFCmjB8/2aMGAtfBe1Ggn+tj
IBVcyTy72H5efgW6dVeK9RGoeKYf0gRJw/MdtBU/8aDVwQYwe1im/q38FIFn601y
fzCkxfD9AgMBAAECgf9XbSpq9R7WPKBZunoGTXLkMohiRq6aJsqgydt+tuM2aDw+
E8anLMQrPqFHoYRDjjAs+oPU75xnTXRzxvWFa50IG7zs3YEK7unngwYd+GIH+WG5
lsD2Z5LaHrfRkd8uN7RZ63Nhcw4JVecFLU/cBOn3A6luCBXmYzyrSDI83Ri+AsqC
glQsHnEfqkHt4+nTp4m8vWw1XfqUmGDbUnKTttn9+q7XEChJsUTBEYI7i9xIpmZZ
05P1Gi0o6lNJ2qEPV9AY5YRnzPs4j77YTYDYL2p8heLFoZaAwQw8yjrdQy3M22Cf
us0VM6N7a4PSJeaIVYYWlbhGrojvCQ0NFxFs6VsCgYEAznUz37/dLunEWEQrcYoW
en5kHLmdx0I7mF845feeoR6NWWEDw4Tw7h7jDeyvYYdkwHiy777/Mmm66iQFUTlz
vx0/H86Q00RHVumnJvcHuF8h9YnmjA16zhfv0r1q6khNYuYPYWV/amB1APy593Qm
BkCFu+bT4jKEsJvj/EUcK/MCgYEAy+QAwQ0ml+sU53nPe3zmKMb3px947JAzp9a1
IbQw2VGRrTTZrPnK5J0PFgYbpQbKw+NA2/mYiKjC5cGydLyV7S/w174uxA89sp4e
o1cuwJNYdasbbnCJ+6dpLUMZ8LZJQI1rmQf1UeeW4sB/HJopzrDY+de1yWWUbqi5
wAL3W08CgYEAl1Tljy6tzANh/mkJhxH25Bbc/wk3k6UC1e+GX1qgFe21Ijywa5J4
n7JYMA67hzudKE/QqVdQ6/0AGzwIAb+hDgc8C+53zcQQnq5p7W/JYuWomLhaG3KN
/58gFVLumYgh4UpNH9EsEidd3DljfvTOImsNG+xYh0cMZ//8nx9xRO0CgYEAo1AX
wopUFW95KQgKxzD98j+c8sJky6edmJyELWD1l7ycYQ5qJQFYINIk2VE/J2pPU6Rd
uVUtdpkms335AURlGr1Bvq1ZLDXBB6dbhx44FoxvWKEbsdR20ZoAxv5ucr6v4gLk
4ojbWSWVWD80EabyQdqpkUXVGGJDCHghgMlfdEUCgYEAsjMC5nDfW3IBgzNDU0Tg
bAUzLkvm7t8vXp7cnlsZiLzBQMZDhCt1g5F3mK7zEDCOURMOh5JgPILRH/VEn8Ze
Ge9kN+AVcvlV4P1pkQaD8eFZSF8zIlXTyXlD6l+Oc6wXSS+to+46dCccXwW2nnbU
i1qDUA5i8215LJzNmDWgYME=
-----END PRIVATE KEY-----
";

pub struct Keys {
    ed25519: SigningKey,
    rsa: pkcs1v15::SigningKey<Sha256>,
    rsa_public_pem: String,
}

/// The keys, built once (parsing the RSA key is the slow part).
pub fn keys() -> Option<&'static Keys> {
    static KEYS: OnceLock<Option<Keys>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = RsaPrivateKey::from_pkcs8_pem(RSA_PRIVATE_PEM).ok()?;
        let rsa_public_pem = rsa.to_public_key().to_public_key_pem(LineEnding::LF).ok()?;
        Some(Keys {
            ed25519: SigningKey::from_bytes(&ED25519_SEED),
            rsa: pkcs1v15::SigningKey::<Sha256>::new(rsa),
            rsa_public_pem,
        })
    })
    .as_ref()
}

impl Keys {
    /// Ed25519 public key, base64 of the raw 32 bytes.
    pub fn ed25519_raw_base64(&self) -> String {
        B64.encode(self.ed25519.verifying_key().as_bytes())
    }

    /// Ed25519 public key as an SPKI PEM.
    pub fn ed25519_pem(&self) -> String {
        let mut der = ED25519_SPKI_PREFIX.to_vec();
        der.extend_from_slice(self.ed25519.verifying_key().as_bytes());
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            B64.encode(der)
        )
    }

    pub fn rsa_pem(&self) -> &str {
        &self.rsa_public_pem
    }

    /// `x-ghl-signature`: Ed25519 over the body bytes, base64.
    pub fn sign_ed25519(&self, body: &[u8]) -> String {
        B64.encode(self.ed25519.sign(body).to_bytes())
    }

    /// `x-wh-signature`: RSA-SHA256 PKCS#1 v1.5 over the body bytes, base64.
    pub fn sign_rsa(&self, body: &[u8]) -> String {
        B64.encode(self.rsa.sign(body).to_bytes())
    }
}

/// OpenSSL's EVP_BytesToKey with MD5 and one round, as CryptoJS uses it.
fn key_and_iv(secret: &[u8], salt: &[u8; 8]) -> ([u8; 32], [u8; 16]) {
    let mut out = Vec::with_capacity(48);
    let mut prev: Vec<u8> = Vec::new();
    while out.len() < 48 {
        let mut h = Md5::new();
        h.update(&prev);
        h.update(secret);
        h.update(salt);
        prev = h.finalize().to_vec();
        out.extend_from_slice(&prev);
    }
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    key.copy_from_slice(&out[..32]);
    iv.copy_from_slice(&out[32..48]);
    (key, iv)
}

/// `CryptoJS.AES.encrypt(text, secret).toString()`: base64 of `Salted__`,
/// the salt and the AES-256-CBC (PKCS#7) ciphertext.
pub fn cryptojs_encrypt(text: &str, secret: &str, salt: [u8; 8]) -> String {
    let (key, iv) = key_and_iv(secret.as_bytes(), &salt);
    let ct = cbc::Encryptor::<aes::Aes256>::new(&key.into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(text.as_bytes());
    let mut out = b"Salted__".to_vec();
    out.extend_from_slice(&salt);
    out.extend_from_slice(&ct);
    B64.encode(out)
}

/// Eight random salt bytes (the OS's generator).
pub fn random_salt() -> [u8; 8] {
    let mut salt = [0u8; 8];
    if getrandom::getrandom(&mut salt).is_err() {
        // No OS randomness: a time-derived salt still varies per payload.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        salt = (t as u64).to_le_bytes();
    }
    salt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_load_and_sign() {
        let k = keys().expect("the fixed keys parse");
        assert_eq!(k.sign_ed25519(b"x").len(), 88);
        assert_eq!(k.sign_rsa(b"x").len(), 344);
        assert!(k
            .ed25519_pem()
            .starts_with("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"));
        assert!(k.rsa_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
    }

    #[test]
    fn cryptojs_matches_openssl() {
        // printf '{"a":1}' | openssl enc -aes-256-cbc -md md5 -k secret -S 0102030405060708 -a
        // (OpenSSL 3 leaves out the Salted__ header when -S is given; it is prepended here)
        let out = cryptojs_encrypt("{\"a\":1}", "secret", [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(out, OPENSSL);
    }
    const OPENSSL: &str = "U2FsdGVkX18BAgMEBQYHCFj+2FwM0tidbECBMFmKNfo=";
}
