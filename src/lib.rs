//! highlevel-wasm: an unofficial HighLevel (LeadConnector) API v2 client.
//!
//! Layers, each in its own module: the operation table (`table`, rows in
//! `generated`), validation (`validate`, `format`), request building
//! (`request`, `url`), error and retry decisions (`errors`, `retry`), and the
//! wasm transport over the global `fetch` (`js`, wasm32 only).

pub mod errors;
pub mod format;
mod generated;
pub mod pace;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod table;
pub mod url;
pub mod validate;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod js;
