//! Naming rules shared with the official SDK: service properties, method
//! names and parameter keys, all derived from the specs, never from the SDK.

// The method-name rule is the wasm's too (it derives the names from its
// table's ids): one file, compiled into both crates.
#[path = "../../src/names.rs"]
mod rule;
pub use rule::{method_name, sdk_camel};

/// Service property on the SDK's `HighLevel` class: camelCase of the spec file stem.
pub fn service_name(file: &str) -> String {
    sdk_camel(file)
}

/// Upper-cases the first letter (`contacts` -> `Contacts`).
pub(crate) fn pascal(s: &str) -> String {
    let c = s.to_owned();
    let mut it = c.chars();
    match it.next() {
        Some(f) => f.to_uppercase().chain(it).collect(),
        None => c,
    }
}
