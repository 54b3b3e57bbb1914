//! What the codegen tests share: where the repo and specs are, skipping when
//! the specs are absent, and one generation per test binary.
#![allow(dead_code)] // each test binary uses its own subset

use highlevel_codegen::{generate, Output};
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn specs() -> PathBuf {
    std::env::var_os("HIGHLEVEL_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/highlevel-openapi"))
}

pub fn overrides() -> PathBuf {
    repo().join("codegen/overrides.json")
}

/// CI may run where the specs folder is absent: each test then says it
/// skipped instead of failing on input it cannot read.
#[macro_export]
macro_rules! require_specs {
    () => {
        if !common::specs().join("apps").is_dir() {
            eprintln!(
                "skipped: specs folder {} is absent",
                common::specs().display()
            );
            return;
        }
    };
}

pub fn out() -> &'static Output {
    static O: OnceLock<Output> = OnceLock::new();
    O.get_or_init(|| generate(&specs(), &overrides()).expect("generation succeeds"))
}

pub fn specs_v3() -> PathBuf {
    std::env::var_os("HIGHLEVEL_SPECS_V3")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/highlevel-openapi-v3"))
}

/// Like `require_specs!`, for tests that also need the v3 specs.
#[macro_export]
macro_rules! require_specs_v3 {
    () => {
        require_specs!();
        if !common::specs_v3().join("apps").is_dir() {
            eprintln!(
                "skipped: v3 specs folder {} is absent",
                common::specs_v3().display()
            );
            return;
        }
    };
}

pub fn out_v3() -> &'static Output {
    static O: OnceLock<Output> = OnceLock::new();
    O.get_or_init(|| {
        highlevel_codegen::generate_v3(
            &specs_v3(),
            &repo().join("codegen/overrides-v3.json"),
            out(),
        )
        .expect("v3 generation succeeds")
    })
}
