//! The wasm side: raw bindings to the host's fetch and friends (`bindings`),
//! `JsValue` as a validation input (`jsvalue`), error objects (`failure`),
//! bodies (`body`), sending and decoding (`transport`) and the client
//! exported to JS (`client`).

mod bindings;
mod body;
mod client;
mod failure;
mod jsvalue;
mod pacer;
mod paginate;
mod response;
mod token;
mod transport;
mod wire;

pub use client::Client;
pub use jsvalue::{Any, Js};
