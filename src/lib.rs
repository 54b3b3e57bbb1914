//! highlevel-wasm: an unofficial HighLevel (LeadConnector) API v2 client.
//!
//! Layers, each in its own module: the operation table (`table`, rows in
//! `generated`), validation (`validate`, `format`), request building
//! (`request`, `url`), error and retry decisions (`errors`, `retry`), and the
//! wasm transport over the global `fetch` (`js`, wasm32 only).

// Hostile input must never panic the wasm (issue 13): no unwrap, expect,
// panic or unchecked indexing outside tests; an exception is an `#[allow]`
// on the one line, with a comment saying why it cannot fail.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

#[cfg(any(target_arch = "wasm32", test))]
mod alloc;
pub mod errors;
pub mod format;
pub mod json;
pub mod names;
pub mod num;
pub mod op_bytes;
// One operation table per build: v2 (`highlevel-wasm`), or v3 with the
// `v3` feature (`highlevel-wasm/v3`, its own wasm); the native sandbox
// (`both-tables`) has v3's beside v2's.
#[cfg(not(feature = "v3"))]
mod generated;
#[cfg(feature = "v3")]
#[path = "generated_v3/mod.rs"]
mod generated;
#[cfg(feature = "both-tables")]
#[path = "generated_v3/mod.rs"]
mod generated_v3;
pub mod pace;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod schema_bytes;
pub mod table;
pub mod text;
pub mod token;
pub mod url;
pub mod validate;
pub mod value;
pub mod wire_check;

#[cfg(target_arch = "wasm32")]
pub mod js;
