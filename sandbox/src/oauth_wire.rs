//! The `/oauth/*` routes over `oauth::OAuth`: decoding forms and queries,
//! the consent redirect, and what the journal keeps of each request (every
//! OAuth request is journaled, its secrets masked).

use crate::datetime::format_millis;
use crate::generic::pairs_object;
use crate::journal::Applied;
use crate::oauth::{invalid_jwt, oauth_error, text, Bearer, Grant, OAuth};
use crate::reply::Reply;
use crate::state::State;
use axum::body::{to_bytes, Body};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use serde_json::{json, Map, Value};
use std::sync::{Mutex, MutexGuard};

/// What the journal shows instead of a secret.
pub const MASK: &str = "***";
const SECRET_FIELDS: &[&str] = &["client_secret", "refresh_token", "code", "access_token"];

/// The API paths this module answers (all of them outside the operation table's generic answers).
pub fn owns(path: &str) -> bool {
    // The consent screen also under the marketplace's own path, so a client's
    // `marketplaceUrl` can point at the sandbox.
    path.starts_with("/oauth/") || path == "/v2/oauth/chooselocation"
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Answers one `/oauth/*` request and hands its journal entry to `record`
/// (under the state lock, as every applied mutation; lock order `state`,
/// `oauth`, then whatever `record` takes).
pub async fn serve(
    state: &Mutex<State>,
    oauth: &Mutex<OAuth>,
    parts: &Parts,
    body: Body,
    record: impl FnOnce(&mut State, Applied),
) -> (Reply, &'static str) {
    let Ok(bytes) = to_bytes(body, crate::http::BODY_LIMIT).await else {
        return (Reply::payload_too_large(), "oauth");
    };
    let (method, path, query) = (parts.method.as_str(), parts.uri.path(), parts.uri.query());
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let mut state = lock(state);
    let incoming = Incoming {
        method,
        path,
        query,
        bearer: bearer(&parts.headers),
        version: header("version"),
        content_type: header("content-type"),
        body: &bytes,
        location_name: &state.location.name,
    };
    let now = crate::http::unix_ms();
    let handled = handle(&mut lock(oauth), &incoming, now);
    let applied = Applied {
        operation_id: handled.op_id,
        method,
        path,
        path_params: &[],
        query,
        body: &handled.journal_body,
        at: format_millis(now),
    };
    record(&mut state, applied);
    (handled.reply, handled.op_id)
}

/// One OAuth request, as the HTTP layer read it.
pub struct Incoming<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// The bearer token, without the scheme.
    pub bearer: Option<&'a str>,
    pub version: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    /// The seeded location's name, for `installedLocations`.
    pub location_name: &'a str,
}

/// The answer and the journal entry's parts.
pub struct Handled {
    pub reply: Reply,
    pub op_id: &'static str,
    /// The form with its secrets masked, as JSON bytes (`null` when none).
    pub journal_body: Vec<u8>,
}

fn reply((status, body): (u16, Value)) -> Reply {
    Reply::json(status, body)
}

/// The form (or query) with every secret replaced by `MASK`.
pub fn masked(form: &Map<String, Value>) -> Value {
    let mut out = form.clone();
    for key in SECRET_FIELDS {
        if let Some(v) = out.get_mut(*key) {
            *v = json!(MASK);
        }
    }
    Value::Object(out)
}

/// RFC 3986 unreserved characters stay, everything else is `%XX`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn handle(oauth: &mut OAuth, req: &Incoming, now_ms: u64) -> Handled {
    let query = pairs_object(req.query.unwrap_or(""));
    let is_form = req.content_type.is_some_and(|ct| {
        ct.trim()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    let form = if is_form {
        pairs_object(&String::from_utf8_lossy(req.body))
    } else {
        Map::new()
    };
    let journal_body = if form.is_empty() {
        Vec::new()
    } else {
        masked(&form).to_string().into_bytes()
    };
    let done = |op_id, reply| Handled {
        reply,
        op_id,
        journal_body: journal_body.clone(),
    };
    let not_form = || {
        reply(oauth_error(
            422,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        ))
    };
    match (req.method, req.path) {
        ("GET", "/oauth/chooselocation" | "/v2/oauth/chooselocation") => done(
            "oauth-chooselocation",
            choose_location(oauth, &query, now_ms),
        ),
        ("POST", "/oauth/token") if !is_form => done("get-access-token", not_form()),
        ("POST", "/oauth/token") => done("get-access-token", reply(oauth.token(&form, now_ms))),
        ("POST", "/oauth/locationToken") => {
            let r = if req.version.is_none() {
                Reply::bad_request("Version header was not found")
            } else if !is_form {
                not_form()
            } else {
                reply(location_token(oauth, req.bearer, &form, now_ms))
            };
            done("get-location-access-token", r)
        }
        ("GET", "/oauth/installedLocations") => {
            let r = match req.bearer.map(|b| oauth.bearer(b, now_ms)) {
                Some(Bearer::Live(g)) if g.user_type == "Company" => {
                    let location = json!({ "_id": crate::seed::LOCATION_ID, "name": req.location_name, "address": "", "isInstalled": true });
                    Reply::json(
                        200,
                        json!({ "locations": [location], "count": 1, "installToFutureLocations": true }),
                    )
                }
                Some(Bearer::Live(_)) => reply(oauth_error(
                    401,
                    "unauthorized",
                    "This authClass type is not allowed to access this scope",
                )),
                Some(Bearer::Dead) => reply(invalid_jwt()),
                _ => Reply::unauthorized(),
            };
            done("get-installed-location", r)
        }
        (m, p) => done("oauth", Reply::not_found(&format!("Cannot {m} {p}"))),
    }
}

/// The consent screen, approved at once: redirects to `redirect_uri` with a
/// code and the caller's `state`. Sandbox extension: `user_type=Company`
/// installs at the agency (default: the seeded location).
fn choose_location(oauth: &mut OAuth, q: &Map<String, Value>, now_ms: u64) -> Reply {
    if text(q, "response_type") != Some("code") {
        return Reply::bad_request("response_type must be code");
    }
    if text(q, "client_id") != Some(oauth.cfg.client_id.as_str()) {
        return Reply::bad_request("Invalid client_id");
    }
    let Some(redirect_uri) =
        text(q, "redirect_uri").filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    else {
        return Reply::bad_request("redirect_uri must be an http(s) URL");
    };
    let company = text(q, "user_type") == Some("Company");
    let grant = Grant {
        user_type: if company { "Company" } else { "Location" },
        company_id: crate::oauth::COMPANY_ID.to_string(),
        location_id: if company {
            None
        } else {
            Some(crate::seed::LOCATION_ID.to_string())
        },
        user_id: crate::seed::USER_AVA.to_string(),
        scope: text(q, "scope").unwrap_or("").to_string(),
    };
    let code = oauth.authorize(grant, redirect_uri, now_ms);
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let mut url = format!("{redirect_uri}{sep}code={}", percent_encode(&code));
    if let Some(state) = text(q, "state") {
        url.push_str(&format!("&state={}", percent_encode(state)));
    }
    Reply::redirect(&url)
}

/// `POST /oauth/locationToken`: a location session minted with a live
/// company token for a location of that company.
pub fn location_token(
    oauth: &mut OAuth,
    bearer: Option<&str>,
    form: &Map<String, Value>,
    now_ms: u64,
) -> (u16, Value) {
    let company = match bearer.map(|b| oauth.bearer(b, now_ms)) {
        Some(Bearer::Live(g)) if g.user_type == "Company" => g.clone(),
        Some(Bearer::Live(_)) => {
            return oauth_error(
                401,
                "unauthorized",
                "This authClass type is not allowed to access this scope",
            )
        }
        Some(Bearer::Dead) => return invalid_jwt(),
        _ => {
            return oauth_error(
                401,
                "unauthorized",
                "Invalid token: access token is invalid",
            )
        }
    };
    let (Some(company_id), Some(location_id)) = (text(form, "companyId"), text(form, "locationId"))
    else {
        return oauth_error(
            422,
            "invalid_request",
            "companyId and locationId are required",
        );
    };
    if company_id != company.company_id {
        return oauth_error(
            403,
            "forbidden",
            "The token does not have access to this company",
        );
    }
    if location_id != crate::seed::LOCATION_ID {
        return oauth_error(
            400,
            "invalid_request",
            "The app is not installed on this location",
        );
    }
    oauth.stats.location_tokens += 1;
    let grant = Grant {
        user_type: "Location",
        location_id: Some(location_id.to_string()),
        ..company
    };
    (200, oauth.pair(grant, now_ms))
}
