//! highlevel-sandbox: an in-memory fake of the HighLevel API v2 and v3, routed
//! through the operation tables of `highlevel-wasm` (`versions`). See `README.md` beside `Cargo.toml`.

pub mod body;
pub mod canned;
pub mod cli;
pub mod conn;
pub mod datetime;
pub mod delivery;
pub mod faults;
pub mod generic;
pub mod headers;
pub mod http;
pub mod journal;
pub mod lists;
pub mod oauth;
pub mod oauth_wire;
pub mod ratelimit;
pub mod reply;
pub mod routes;
pub mod seed;
pub mod signing;
pub mod state;
pub mod versions;
pub mod webhooks;

pub use conn::serve;
use faults::FaultSpec;
pub use http::router;
use ratelimit::Limits;

pub const DEFAULT_PORT: u16 = 8787;
pub const DEFAULT_LIMITS: Limits = Limits {
    burst: 100,
    interval_ms: 10_000,
    daily: 200_000,
};
/// Seed of the fault draws when `--seed` is not given: runs repeat by default.
pub const DEFAULT_SEED: u64 = 1;

/// Everything the server needs besides the listener.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub token: String,
    pub limits: Limits,
    /// One line per request on stderr (method, path, status, operation id; never headers).
    pub log: bool,
    /// Chance of each injected fault per API request (none by default).
    pub faults: FaultSpec,
    /// Seed of the fault draws.
    pub seed: u64,
    /// The sandbox marketplace app (`--client-id`, `--client-secret`, `--token-ttl-s`).
    pub oauth: oauth::OAuthConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: seed::TOKEN.to_string(),
            limits: DEFAULT_LIMITS,
            log: false,
            faults: FaultSpec::default(),
            seed: DEFAULT_SEED,
            oauth: oauth::OAuthConfig::default(),
        }
    }
}
