//! The wasm side: raw bindings to the host's fetch and friends (`bindings`),
//! `JsValue` as a validation input (`jsvalue`), error objects (`failure`) and
//! the request pipeline exported to JS (`client`).

mod bindings;
mod client;
mod failure;
mod jsvalue;

pub use client::Client;
pub use jsvalue::Js;
