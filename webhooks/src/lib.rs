//! highlevel-webhooks: the wasm behind `highlevel-wasm/webhooks`. Webhook
//! signatures (Ed25519 `x-ghl-signature`, legacy RSA `x-wh-signature`) are
//! checked over the bytes received, then the replay window; custom-page user
//! context (CryptoJS AES) is decrypted. Signature and AES primitives come from
//! the runtime's WebCrypto (`wasm`); this crate parses, decides and reports.

// Hostile input must never panic the wasm (issue 13): no unwrap, expect,
// panic or unchecked indexing outside tests; an exception is an `#[allow]`
// on the one line, with a comment saying why it cannot fail.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod keys;
pub mod time;
pub mod usercontext;
#[cfg(target_arch = "wasm32")]
mod wasm;

/// A refusal: `kind` is the `HighLevelError` kind, `message` names the check.
/// Messages never hold a key, a secret or a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: &'static str,
    pub message: String,
}

impl Failure {
    pub fn signature(message: &str) -> Self {
        Failure {
            kind: "signature",
            message: message.to_string(),
        }
    }
    pub fn replay(message: &str) -> Self {
        Failure {
            kind: "replay",
            message: message.to_string(),
        }
    }
    pub fn decode(message: &str) -> Self {
        Failure {
            kind: "decode",
            message: message.to_string(),
        }
    }
    pub fn wrong_secret() -> Self {
        Failure::signature("the user context does not decrypt with this shared secret (wrong secret or altered payload)")
    }
}

/// The one signature check a delivery gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// `x-ghl-signature`: Ed25519 with the raw 32-byte public key.
    Ed25519 { key: [u8; 32], signature: Vec<u8> },
    /// `x-wh-signature`: RSASSA-PKCS1-v1_5 SHA-256 with an SPKI DER key.
    Rsa { spki: Vec<u8>, signature: Vec<u8> },
}

/// The signature headers and the keys configured to check them.
pub struct Inputs<'a> {
    pub ghl_signature: Option<&'a str>,
    pub wh_signature: Option<&'a str>,
    pub public_key: Option<&'a str>,
    pub rsa_public_key: Option<&'a str>,
    pub legacy_rsa: bool,
}

/// Picks the check: with a `publicKey`, a present `x-ghl-signature` decides
/// alone (no falling back to RSA when it is bad); otherwise `x-wh-signature`
/// with HighLevel's RSA key unless refused; a delivery nothing can check fails.
pub fn plan(i: &Inputs) -> Result<Check, Failure> {
    if let (Some(sig), Some(key)) = (i.ghl_signature, i.public_key) {
        let key = keys::ed25519_public_key(key)?;
        let signature = keys::signature("x-ghl-signature", sig, Some(64))?;
        return Ok(Check::Ed25519 { key, signature });
    }
    let Some(sig) = i.wh_signature else {
        return Err(Failure::signature(if i.ghl_signature.is_some() {
            "x-ghl-signature cannot be checked without options.publicKey, and there is no x-wh-signature"
        } else if i.legacy_rsa {
            "the delivery has no x-ghl-signature or x-wh-signature header"
        } else {
            "the delivery has no x-ghl-signature header"
        }));
    };
    if !i.legacy_rsa {
        return Err(Failure::signature(if i.ghl_signature.is_some() {
            "x-ghl-signature cannot be checked without options.publicKey, and x-wh-signature is refused (options.legacyRsa is false)"
        } else {
            "the delivery has no x-ghl-signature, and x-wh-signature is refused (options.legacyRsa is false)"
        }));
    }
    let spki = keys::rsa_public_key(i.rsa_public_key.unwrap_or(keys::HIGHLEVEL_RSA_PEM))?;
    let signature = keys::signature("x-wh-signature", sig, None)?;
    Ok(Check::Rsa { spki, signature })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn b64(b: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(b)
    }

    fn inputs<'a>(
        ghl: Option<&'a str>,
        wh: Option<&'a str>,
        key: Option<&'a str>,
        legacy: bool,
    ) -> Inputs<'a> {
        Inputs {
            ghl_signature: ghl,
            wh_signature: wh,
            public_key: key,
            rsa_public_key: None,
            legacy_rsa: legacy,
        }
    }

    #[test]
    fn ed25519_decides_alone_when_configured() {
        let key = b64(&[3u8; 32]);
        let sig = b64(&[9u8; 64]);
        let rsa = b64(&[1u8; 256]);
        let plan_with = |ghl, wh| plan(&inputs(ghl, wh, Some(&key), true));
        assert!(matches!(
            plan_with(Some(&sig), Some(&rsa)),
            Ok(Check::Ed25519 { .. })
        ));
        // A malformed x-ghl-signature is refused even with an RSA header beside it.
        assert_eq!(
            plan_with(Some("AAAA"), Some(&rsa)).err().map(|f| f.kind),
            Some("signature")
        );
        assert!(matches!(plan_with(None, Some(&rsa)), Ok(Check::Rsa { .. })));
    }

    #[test]
    fn rsa_fallback_and_refusals() {
        let sig = b64(&[9u8; 64]);
        let rsa = b64(&[1u8; 256]);
        assert!(matches!(
            plan(&inputs(Some(&sig), Some(&rsa), None, true)),
            Ok(Check::Rsa { .. })
        ));
        assert!(plan(&inputs(Some(&sig), Some(&rsa), None, false)).is_err());
        assert!(plan(&inputs(None, Some(&rsa), None, false)).is_err());
        assert!(plan(&inputs(Some(&sig), None, None, true)).is_err());
        assert!(plan(&inputs(None, None, None, true)).is_err());
        assert!(plan(&inputs(None, Some("%%"), None, true)).is_err());
        let bad_key = Inputs {
            rsa_public_key: Some("nope"),
            ..inputs(None, Some(&rsa), None, true)
        };
        assert_eq!(plan(&bad_key).err().map(|f| f.kind), Some("signature"));
        let bad_ed = inputs(Some(&sig), None, Some("not a key"), true);
        assert_eq!(plan(&bad_ed).err().map(|f| f.kind), Some("signature"));
    }
}
