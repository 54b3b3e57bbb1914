//! highlevel-sandbox: an in-memory fake of the HighLevel API v2, routed through
//! the operation table of `highlevel-wasm`. See `README.md` beside `Cargo.toml`.

pub mod body;
pub mod canned;
pub mod cli;
pub mod datetime;
pub mod generic;
pub mod http;
pub mod ratelimit;
pub mod reply;
pub mod routes;
pub mod seed;
pub mod state;

pub use http::router;
use ratelimit::Limits;

pub const DEFAULT_PORT: u16 = 8787;
pub const DEFAULT_LIMITS: Limits = Limits {
    burst: 100,
    interval_ms: 10_000,
    daily: 200_000,
};

/// Everything the server needs besides the listener.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub token: String,
    pub limits: Limits,
    /// One line per request on stderr (method, path, status, operation id; never headers).
    pub log: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: seed::TOKEN.to_string(),
            limits: DEFAULT_LIMITS,
            log: false,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
