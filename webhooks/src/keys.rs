//! Keys and signatures as they arrive in options and headers: PEM or base64
//! text in, raw bytes out for WebCrypto. Parsing only; no cryptography here.

use crate::Failure;
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Standard alphabet; padding optional (some senders drop it) and unused
/// trailing bits allowed, as CryptoJS's parser does: an altered last character
/// then reaches the cipher and is reported as tampering, not as bad base64.
const B64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// HighLevel's published RSA key for `x-wh-signature` (webhook authentication guide).
pub const HIGHLEVEL_RSA_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----";

/// Base64 text (whitespace ignored, so PEM bodies and wrapped headers pass).
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    B64.decode(compact.as_bytes()).ok()
}

/// The DER inside a `-----BEGIN PUBLIC KEY-----` block (SPKI only: that is
/// what WebCrypto imports).
pub fn pem_spki(pem: &str) -> Option<Vec<u8>> {
    let begin = "-----BEGIN PUBLIC KEY-----";
    let end = "-----END PUBLIC KEY-----";
    let start = pem.find(begin)? + begin.len();
    let rest = pem.get(start..)?;
    let stop = rest.find(end)?;
    base64(rest.get(..stop)?)
}

/// An Ed25519 public key given as PEM (SPKI) or base64 of the raw 32 bytes
/// (or of the 44-byte SPKI DER), as the raw 32 bytes.
pub fn ed25519_public_key(text: &str) -> Result<[u8; 32], Failure> {
    let bytes = if text.contains("-----BEGIN") {
        pem_spki(text)
    } else {
        base64(text)
    }
    .ok_or_else(|| Failure::signature("options.publicKey is neither an SPKI PEM nor base64"))?;
    let raw = match bytes.len() {
        32 => bytes.as_slice(),
        44 if bytes.starts_with(&ED25519_SPKI_PREFIX) => bytes.get(12..).unwrap_or_default(),
        _ => {
            return Err(Failure::signature(
                "options.publicKey is not an Ed25519 public key",
            ))
        }
    };
    raw.try_into()
        .map_err(|_| Failure::signature("options.publicKey is not an Ed25519 public key"))
}

/// An RSA public key as SPKI DER; a rough shape check so a wrong key type
/// fails here with a clear message rather than inside WebCrypto.
pub fn rsa_public_key(pem: &str) -> Result<Vec<u8>, Failure> {
    let der = pem_spki(pem).ok_or_else(|| {
        Failure::signature("options.rsaPublicKey is not an SPKI PEM (-----BEGIN PUBLIC KEY-----)")
    })?;
    // rsaEncryption OID 1.2.840.113549.1.1.1
    const RSA_OID: [u8; 11] = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    if der.windows(RSA_OID.len()).any(|w| w == RSA_OID) {
        Ok(der)
    } else {
        Err(Failure::signature(
            "options.rsaPublicKey is not an RSA public key",
        ))
    }
}

/// A signature header's base64 value; `len` is the exact size when fixed.
pub fn signature(header: &str, value: &str, len: Option<usize>) -> Result<Vec<u8>, Failure> {
    let bytes = base64(value)
        .ok_or_else(|| Failure::signature(&[header, " is malformed: not base64"].concat()))?;
    match len {
        Some(n) if bytes.len() != n => Err(Failure::signature(
            &[header, " is malformed: wrong length for its algorithm"].concat(),
        )),
        _ => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rsa_key_parses() {
        let der = rsa_public_key(HIGHLEVEL_RSA_PEM).map_err(|f| f.message);
        assert_eq!(der.map(|d| d.len()), Ok(550));
    }

    #[test]
    fn ed25519_key_forms() {
        let raw = [7u8; 32];
        let b64 = B64.encode(raw);
        assert_eq!(ed25519_public_key(&b64).ok(), Some(raw));
        let mut der = ED25519_SPKI_PREFIX.to_vec();
        der.extend_from_slice(&raw);
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            B64.encode(&der)
        );
        assert_eq!(ed25519_public_key(&pem).ok(), Some(raw));
        assert!(ed25519_public_key("").is_err());
        assert!(ed25519_public_key("!!!").is_err());
        assert!(ed25519_public_key(&B64.encode([1u8; 31])).is_err());
        assert!(ed25519_public_key(HIGHLEVEL_RSA_PEM).is_err());
        assert!(rsa_public_key(&pem).is_err());
    }

    #[test]
    fn signatures() {
        assert_eq!(
            signature("x", &B64.encode([1u8; 64]), Some(64))
                .map(|s| s.len())
                .ok(),
            Some(64)
        );
        assert!(signature("x", &B64.encode([1u8; 63]), Some(64)).is_err());
        assert!(signature("x", "", None).is_err());
        assert!(signature("x", "a b c d é", None).is_err());
        assert_eq!(base64("AQI"), Some(vec![1, 2]));
    }
}
