//! The sandbox's marketplace app: the OAuth 2.0 authorization-code and
//! refresh-token grants, agency-to-location tokens and the access tokens they
//! mint, as the HighLevel docs describe them. Pure: every entry point takes
//! "now" (ms since the epoch), so expiry and the refresh replay window are
//! tested without waiting. The wire side (routes, forms, journal) is
//! `oauth_wire`.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The sandbox app's credentials (`--client-id`, `--client-secret` override).
pub const CLIENT_ID: &str = "sbx-app-6578278e879ad2646715ba9c-lmq2s1";
pub const CLIENT_SECRET: &str = "sbx-secret-0b4f9c2e-7d1a-4e63-a8f5-3c9e2b7d6a10";
/// The agency the seeded location belongs to.
pub const COMPANY_ID: &str = "Kx7pQ2mZr9LwT4vB8nYc";
/// Access-token lifetime when `--token-ttl-s` is not given (as the API).
pub const DEFAULT_TOKEN_TTL_S: u64 = 86_399;
/// Codes are single-use and die after 10 minutes.
pub const CODE_TTL_MS: u64 = 600_000;
/// A rotated refresh token presented again within this window gets the same
/// new pair (a client that lost the answer can recover); later it is refused.
pub const REPLAY_MS: u64 = 30_000;
/// Prefix of every access token minted here: an unknown token with it is a
/// dead session (401 Invalid JWT), not a wrong private integration token.
pub const ACCESS_PREFIX: &str = "sbx-at-";
const REFRESH_PREFIX: &str = "sbx-rt-";
const CODE_PREFIX: &str = "sbx-code-";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthConfig {
    pub client_id: String,
    pub client_secret: String,
    pub token_ttl_s: u64,
}

impl Default for OAuthConfig {
    fn default() -> Self {
        OAuthConfig {
            client_id: CLIENT_ID.to_string(),
            client_secret: CLIENT_SECRET.to_string(),
            token_ttl_s: DEFAULT_TOKEN_TTL_S,
        }
    }
}

/// Who a token speaks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// `Company` or `Location`.
    pub user_type: &'static str,
    pub company_id: String,
    pub location_id: Option<String>,
    pub user_id: String,
    pub scope: String,
}

struct Code {
    grant: Grant,
    redirect_uri: Option<String>,
    issued_ms: u64,
}

struct Access {
    grant: Grant,
    expires_ms: u64,
}

enum Refresh {
    Live(Grant),
    /// Used at `at_ms`; `answer` is the pair it was exchanged for.
    Rotated {
        at_ms: u64,
        answer: Value,
    },
}

/// What a bearer token is worth right now.
#[derive(Debug, PartialEq, Eq)]
pub enum Bearer<'a> {
    Live(&'a Grant),
    /// Minted here (or shaped like it) but expired, reset away or never issued.
    Dead,
    /// Not an OAuth token of this sandbox.
    Foreign,
}

/// Counts for `GET /__sandbox/oauth`, so tests can prove "exactly one refresh".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub authorizations: u64,
    pub code_exchanges: u64,
    pub refreshes: u64,
    pub replays: u64,
    pub location_tokens: u64,
    pub refused: u64,
}

pub struct OAuth {
    pub cfg: OAuthConfig,
    codes: HashMap<String, Code>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    next: u64,
    salt: u64,
    pub stats: Stats,
}

/// An OAuth error answer: the API's NestJS fields and the RFC 6749 ones.
pub fn oauth_error(status: u16, error: &str, description: &str) -> (u16, Value) {
    let body = json!({ "statusCode": status, "message": description, "error": error, "error_description": description });
    (status, body)
}

/// 401 for an expired or unknown access token, as the API answers it.
pub fn invalid_jwt() -> (u16, Value) {
    let r = crate::reply::Reply::invalid_jwt();
    (r.status, r.body.unwrap_or_default())
}

pub(crate) fn text<'a>(form: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    form.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// SplitMix64 step: token bodies need to be unique and unguessable enough for
/// a loopback fake, not cryptographic.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl OAuth {
    pub fn new(cfg: OAuthConfig, salt: u64) -> Self {
        OAuth {
            cfg,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            next: 1,
            salt,
            stats: Stats::default(),
        }
    }

    /// Forgets every code and token (`POST /__sandbox/reset`).
    pub fn reset(&mut self) {
        *self = OAuth::new(self.cfg.clone(), mix(self.salt));
    }

    fn mint(&mut self, prefix: &str) -> String {
        let n = self.next;
        self.next += 1;
        format!(
            "{prefix}{:016x}{:016x}",
            mix(self.salt ^ n),
            mix(n.rotate_left(17) ^ !self.salt)
        )
    }

    pub fn bearer(&self, token: &str, now_ms: u64) -> Bearer<'_> {
        match self.access.get(token) {
            Some(a) if now_ms < a.expires_ms => Bearer::Live(&a.grant),
            Some(_) => Bearer::Dead,
            None if token.starts_with(ACCESS_PREFIX) || token.split('.').count() == 3 => {
                Bearer::Dead
            }
            None => Bearer::Foreign,
        }
    }

    /// Expires every access token now (`POST /__sandbox/oauth/expire`): the
    /// next call with one gets 401 Invalid JWT, as after a day.
    pub fn expire_all(&mut self, now_ms: u64) {
        for a in self.access.values_mut() {
            a.expires_ms = a.expires_ms.min(now_ms);
        }
    }

    pub fn credentials_ok(&self, form: &Map<String, Value>) -> bool {
        let id = text(form, "client_id").unwrap_or("");
        let secret = text(form, "client_secret").unwrap_or("");
        crate::http::same_secret(id.as_bytes(), self.cfg.client_id.as_bytes())
            && crate::http::same_secret(secret.as_bytes(), self.cfg.client_secret.as_bytes())
    }

    /// The consent screen, answered at once: a code for `grant`, bound to
    /// the redirect URI it will be sent to.
    pub fn authorize(&mut self, grant: Grant, redirect_uri: &str, now_ms: u64) -> String {
        self.stats.authorizations += 1;
        let code = self.mint(CODE_PREFIX);
        let c = Code {
            grant,
            redirect_uri: Some(redirect_uri.to_string()),
            issued_ms: now_ms,
        };
        self.codes.insert(code.clone(), c);
        code
    }

    /// A new access/refresh pair for `grant`, as `/oauth/token` answers it.
    pub(crate) fn pair(&mut self, grant: Grant, now_ms: u64) -> Value {
        let access = self.mint(ACCESS_PREFIX);
        let refresh = self.mint(REFRESH_PREFIX);
        let ttl = self.cfg.token_ttl_s;
        self.access.insert(
            access.clone(),
            Access {
                grant: grant.clone(),
                expires_ms: now_ms.saturating_add(ttl.saturating_mul(1000)),
            },
        );
        self.refresh
            .insert(refresh.clone(), Refresh::Live(grant.clone()));
        let mut out = json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ttl,
            "refresh_token": refresh,
            "scope": grant.scope,
            "userType": grant.user_type,
            "companyId": grant.company_id,
            "userId": grant.user_id,
            "isBulkInstallation": false,
        });
        if let Value::Object(m) = &mut out {
            match &grant.location_id {
                Some(l) => {
                    m.insert("locationId".into(), json!(l));
                }
                None => {
                    m.insert(
                        "approvedLocations".into(),
                        json!([crate::seed::LOCATION_ID]),
                    );
                    m.insert("installToFutureLocations".into(), json!(true));
                }
            }
        }
        out
    }

    /// `POST /oauth/token` with a form already decoded.
    pub fn token(&mut self, form: &Map<String, Value>, now_ms: u64) -> (u16, Value) {
        let out = self.token_inner(form, now_ms);
        if out.0 != 200 {
            self.stats.refused += 1;
        }
        out
    }

    fn token_inner(&mut self, form: &Map<String, Value>, now_ms: u64) -> (u16, Value) {
        if text(form, "client_id").is_none()
            || text(form, "client_secret").is_none()
            || text(form, "grant_type").is_none()
        {
            return oauth_error(
                422,
                "invalid_request",
                "client_id, client_secret and grant_type are required",
            );
        }
        if !self.credentials_ok(form) {
            return oauth_error(401, "invalid_client", "Invalid client credentials");
        }
        match text(form, "grant_type") {
            Some("authorization_code") => self.exchange(form, now_ms),
            Some("refresh_token") => self.rotate(form, now_ms),
            _ => oauth_error(
                400,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            ),
        }
    }

    fn exchange(&mut self, form: &Map<String, Value>, now_ms: u64) -> (u16, Value) {
        let Some(code) = text(form, "code") else {
            return oauth_error(422, "invalid_request", "code is required");
        };
        // Single use: the code is gone whatever the outcome.
        let Some(c) = self.codes.remove(code) else {
            return oauth_error(
                400,
                "invalid_grant",
                "Invalid grant: authorization code is invalid",
            );
        };
        if now_ms.saturating_sub(c.issued_ms) > CODE_TTL_MS {
            return oauth_error(
                400,
                "invalid_grant",
                "Invalid grant: authorization code expired",
            );
        }
        if let (Some(given), Some(bound)) = (text(form, "redirect_uri"), c.redirect_uri.as_deref())
        {
            if given != bound {
                return oauth_error(
                    400,
                    "invalid_grant",
                    "Invalid grant: redirect_uri does not match",
                );
            }
        }
        self.stats.code_exchanges += 1;
        (200, self.pair(c.grant, now_ms))
    }

    fn rotate(&mut self, form: &Map<String, Value>, now_ms: u64) -> (u16, Value) {
        let Some(token) = text(form, "refresh_token") else {
            return oauth_error(422, "invalid_request", "refresh_token is required");
        };
        let refused = || {
            oauth_error(
                400,
                "invalid_grant",
                "Invalid grant: refresh token is invalid",
            )
        };
        match self.refresh.remove(token) {
            None => refused(),
            Some(Refresh::Rotated { at_ms, answer }) => {
                if now_ms.saturating_sub(at_ms) > REPLAY_MS {
                    return refused();
                }
                self.stats.replays += 1;
                self.refresh.insert(
                    token.to_string(),
                    Refresh::Rotated {
                        at_ms,
                        answer: answer.clone(),
                    },
                );
                (200, answer)
            }
            Some(Refresh::Live(grant)) => {
                self.stats.refreshes += 1;
                let answer = self.pair(grant, now_ms);
                self.refresh.insert(
                    token.to_string(),
                    Refresh::Rotated {
                        at_ms: now_ms,
                        answer: answer.clone(),
                    },
                );
                (200, answer)
            }
        }
    }

    pub fn stats_json(&self, now_ms: u64) -> Value {
        let s = self.stats;
        json!({
            "clientId": self.cfg.client_id,
            "tokenTtlS": self.cfg.token_ttl_s,
            "authorizations": s.authorizations,
            "codeExchanges": s.code_exchanges,
            "refreshes": s.refreshes,
            "replays": s.replays,
            "locationTokens": s.location_tokens,
            "refused": s.refused,
            "liveAccessTokens": self.access.values().filter(|a| now_ms < a.expires_ms).count(),
        })
    }
}

#[cfg(test)]
mod tests;
