//! What a handler answers: a status and a JSON body (or none). Error bodies
//! follow the API's NestJS shape `{statusCode, message, error}`; the HTTP layer
//! adds `traceId` to them.

use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// `None` = empty body (204).
    pub body: Option<Value>,
    /// A redirect's target (`Location`), for the OAuth consent screen.
    pub location: Option<String>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            body: Some(body),
            location: None,
        }
    }

    pub fn empty(status: u16) -> Self {
        Reply { status, body: None, location: None }
    }

    /// 302 to `url`, no body.
    pub fn redirect(url: &str) -> Self {
        Reply { status: 302, body: None, location: Some(url.to_string()) }
    }

    pub fn error(status: u16, message: impl Into<Value>, error: &str) -> Self {
        Reply::json(
            status,
            json!({ "statusCode": status, "message": message.into(), "error": error }),
        )
    }

    pub fn bad_request(message: &str) -> Self {
        Reply::error(400, message, "Bad Request")
    }

    pub fn unauthorized() -> Self {
        Reply::error(
            401,
            "Invalid token: access token is invalid",
            "Unauthorized",
        )
    }

    /// An expired or unknown OAuth access token, as the API answers it.
    pub fn invalid_jwt() -> Self {
        Reply::json(401, json!({ "statusCode": 401, "message": "Invalid JWT" }))
    }

    pub fn not_found(message: &str) -> Self {
        Reply::error(404, message, "Not Found")
    }

    pub fn payload_too_large() -> Self {
        Reply::error(413, "request entity too large", "Payload Too Large")
    }

    pub fn unprocessable(problems: Vec<String>) -> Self {
        Reply::error(422, problems, "Unprocessable Entity")
    }

    pub fn too_many_requests() -> Self {
        Reply::error(429, "Too Many Requests", "Too Many Requests")
    }
}
