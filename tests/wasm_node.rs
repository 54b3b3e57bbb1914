//! The wasm surface in Node (`wasm-pack test --node`): the exported client
//! against a fetch that answers with real `Response` objects.
#![cfg(target_arch = "wasm32")]
include!("wasm_cases/cases.rs");
