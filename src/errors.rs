//! Error kinds and the pure decisions around them: which kind a status maps to,
//! whether it is worth retrying, what message the API meant, and redaction.

use crate::value::{Kind as VKind, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Validation,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Unprocessable,
    RateLimited,
    Server,
    Http,
    Network,
    Timeout,
    Aborted,
    Decode,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Validation => "validation",
            Kind::BadRequest => "bad_request",
            Kind::Unauthorized => "unauthorized",
            Kind::Forbidden => "forbidden",
            Kind::NotFound => "not_found",
            Kind::Unprocessable => "unprocessable",
            Kind::RateLimited => "rate_limited",
            Kind::Server => "server",
            Kind::Http => "http",
            Kind::Network => "network",
            Kind::Timeout => "timeout",
            Kind::Aborted => "aborted",
            Kind::Decode => "decode",
        }
    }

    pub fn from_status(status: u16) -> Kind {
        match status {
            400 => Kind::BadRequest,
            401 => Kind::Unauthorized,
            403 => Kind::Forbidden,
            404 => Kind::NotFound,
            422 => Kind::Unprocessable,
            429 => Kind::RateLimited,
            500..=599 => Kind::Server,
            _ => Kind::Http,
        }
    }
}

/// The API's own words: `message` as a string, or a 422's array of strings;
/// in v3's AIP envelope `{ error: { code, message, details, resolution } }`,
/// the envelope's `message`.
pub fn messages_of<V: Value>(body: &V) -> Vec<String> {
    let Some(m) = body.field_static("message").or_else(|| body.field_static("error")) else {
        return Vec::new();
    };
    let m = match aip_error(body) {
        Some(e) => match e.field_static("message") {
            Some(inner) => inner,
            None => return Vec::new(),
        },
        None => m,
    };
    match m.kind() {
        VKind::String => m.as_str().into_iter().collect(),
        VKind::Array => (0..m.len())
            .filter_map(|i| m.item(i))
            .filter_map(|x| x.as_str())
            .collect(),
        _ => Vec::new(),
    }
}

/// The AIP error envelope's inner object (`body.error`, an object), if the body is one.
pub fn aip_error<V: Value>(body: &V) -> Option<V> {
    body.field_static("error").filter(|e| e.kind() == VKind::Object)
}

pub fn fallback_message(status: u16) -> String {
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP error",
    };
    format!("{reason} (HTTP {status})")
}

/// Replaces every occurrence of the secret, so an API that echoes the
/// Authorization header cannot leak it into an error.
pub fn redact(text: &str, secret: &str) -> String {
    let (t, s) = (text.as_bytes(), secret.as_bytes());
    if s.len() < 4 {
        return text.to_owned();
    }
    // A plain byte scan (messages are short): `str::replace` would bring
    // core's two-way string search into the wasm for this one use.
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while let Some(rest) = t.get(i..) {
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(s) {
            out.extend_from_slice(b"[REDACTED]");
            i += s.len();
        } else {
            out.extend_from_slice(rest.get(..1).unwrap_or_default());
            i += 1;
        }
    }
    // The secret is whole UTF-8, so what is left between matches is too.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_map_to_kinds() {
        let table = [(400, "bad_request"), (401, "unauthorized"), (403, "forbidden"), (404, "not_found"), (422, "unprocessable"), (429, "rate_limited"), (500, "server"), (503, "server"), (409, "http"), (302, "http")];
        for (s, k) in table {
            assert_eq!(Kind::from_status(s).as_str(), k, "{s}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(messages_of(&&json!({"message": "Bad Request"})), vec!["Bad Request"]);
        assert_eq!(messages_of(&&json!({"message": ["a", "b", 3]})), vec!["a", "b"]);
        assert_eq!(messages_of(&&json!({"error": "Unauthorized"})), vec!["Unauthorized"]);
        assert!(messages_of(&&json!([1])).is_empty());
        // v3's AIP envelope
        let aip = json!({"error": {"code": "RESOURCE_NOT_FOUND", "message": "The requested App 'abc' was not found.", "details": {"resource": "App"}, "resolution": "Verify the App exists."}});
        assert_eq!(messages_of(&&aip), vec!["The requested App 'abc' was not found."]);
        assert_eq!(aip_error(&&aip).and_then(|e| e.field_static("code")).and_then(|c| c.as_str()), Some("RESOURCE_NOT_FOUND"));
        assert!(messages_of(&&json!({"error": {"code": "X"}})).is_empty());
        assert!(aip_error(&&json!({"error": "Unauthorized"})).is_none());
        assert_eq!(fallback_message(502), "Bad Gateway (HTTP 502)");
    }

    #[test]
    fn redaction() {
        assert_eq!(redact("Bearer tok-123 bad", "tok-123"), "Bearer [REDACTED] bad");
        assert_eq!(redact("nothing", "tok-123"), "nothing");
    }
}
