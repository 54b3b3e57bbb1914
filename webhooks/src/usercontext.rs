//! CryptoJS passphrase-mode payloads (`CryptoJS.AES.encrypt(text, secret)`):
//! base64 of `Salted__` + 8-byte salt + AES-256-CBC ciphertext, key and IV
//! from OpenSSL's EVP_BytesToKey with MD5, one iteration.

use crate::Failure;
use md5::{Digest, Md5};

/// What the payload holds, before decryption.
pub struct Sealed {
    pub salt: [u8; 8],
    pub ciphertext: Vec<u8>,
}

pub fn parse(payload: &str) -> Result<Sealed, Failure> {
    let bytes = crate::keys::base64(payload)
        .ok_or_else(|| Failure::decode("the user context is not base64"))?;
    let rest = bytes.strip_prefix(b"Salted__").ok_or_else(|| {
        Failure::decode("the user context does not start with CryptoJS's Salted__ header")
    })?;
    let (salt, ciphertext) = rest
        .split_first_chunk::<8>()
        .ok_or_else(|| Failure::decode("the user context is too short to hold a salt"))?;
    // The header is right but the body is not whole AES blocks: cut or extended.
    if ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
        return Err(Failure::signature(
            "the user context was altered: its ciphertext is not whole AES blocks",
        ));
    }
    Ok(Sealed {
        salt: *salt,
        ciphertext: ciphertext.to_vec(),
    })
}

/// EVP_BytesToKey(MD5, 1 iteration): 32 key bytes then 16 IV bytes.
pub fn key_and_iv(secret: &[u8], salt: &[u8; 8]) -> ([u8; 32], [u8; 16]) {
    let mut out = [0u8; 48];
    let mut prev: Option<[u8; 16]> = None;
    for chunk in out.chunks_mut(16) {
        let mut h = Md5::new();
        if let Some(p) = prev {
            h.update(p);
        }
        h.update(secret);
        h.update(salt);
        let block: [u8; 16] = h.finalize().into();
        chunk.copy_from_slice(&block);
        prev = Some(block);
    }
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    key.copy_from_slice(&out[..32]);
    iv.copy_from_slice(&out[32..]);
    (key, iv)
}

/// Decrypted bytes that are not UTF-8 come from a wrong secret or altered
/// ciphertext (a wrong key yields random bytes); UTF-8 that is not JSON is
/// left for the JSON step, which reports `decode`.
pub fn plaintext(bytes: &[u8]) -> Result<&str, Failure> {
    std::str::from_utf8(bytes).map_err(|_| Failure::wrong_secret())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openssl_vector() {
        // `openssl enc -aes-256-cbc -md md5 -k secret -S 0102030405060708 -P`
        let (key, iv) = key_and_iv(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8]);
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
        assert_eq!(hex(&key), KEY);
        assert_eq!(hex(&iv), IV);
    }
    const KEY: &str = "C9E5A1BD216DBE1317E230CEF48F38EE7F0E17AD64022144BCCEC4A1AA2879AB";
    const IV: &str = "E24B32BBBC4EF02ECBCB6576523AD893";

    #[test]
    fn parse_shapes() {
        assert_eq!(parse("%%%").err().map(|f| f.kind), Some("decode"));
        assert_eq!(
            parse("aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=")
                .err()
                .map(|f| f.kind),
            Some("decode")
        );
        // "Salted__" + 4 bytes
        assert_eq!(
            parse("U2FsdGVkX18BAgME").err().map(|f| f.kind),
            Some("decode")
        );
        // "Salted__" + 8 salt + 3 bytes
        assert_eq!(
            parse("U2FsdGVkX18BAgMEBQYHCAECAw==").err().map(|f| f.kind),
            Some("signature")
        );
        assert!(plaintext(&[0xff, 0xfe]).is_err());
        assert_eq!(plaintext(b"{}").ok(), Some("{}"));
    }
}
