# Two commands do everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
SANDBOX_BIN := target/release/highlevel-sandbox

.PHONY: setup setup-test pkg sandbox demo demo-web test test-rust test-features test-wasm test-js test-types check-generated size generate bench bench-quick clippy fuzz fuzz-short

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

pkg: setup
	@scripts/build-pkg.sh

sandbox:
	@cargo build --quiet --release -p highlevel-sandbox

# Build, start the embedded sandbox, run the guide's checklist through the package.
demo: pkg sandbox
	@node scripts/demo.mjs

test: setup-test check-generated clippy pkg sandbox test-rust test-features test-wasm test-js test-types bench-quick fuzz-short

test-rust:
	cargo test --workspace --quiet

# The per-service cargo features: the operation table of a reduced build
# (native, no wasm): rows in place, left-out services stubbed, built ones intact,
# every method still named (a stub's id stays); the same for the v3 table
# (tests/generated/smoke-v3.json).
test-features:
	cargo test --quiet -p highlevel-wasm --lib --no-default-features --features contacts,opportunities -- feature_tests method_names
	cargo test --quiet -p highlevel-wasm --lib --no-default-features --features contacts,opportunities,v3 -- feature_tests method_names

# No unwrap, expect, panic or unchecked indexing in the shipped crates (denied
# in src/lib.rs and webhooks/src/lib.rs outside tests), nor any other warning:
# the core natively, in wasm and with the v3 table, the webhooks crate likewise.
clippy:
	cargo clippy --quiet -p highlevel-wasm -p highlevel-webhooks --lib -- -D warnings
	cargo clippy --quiet -p highlevel-wasm -p highlevel-webhooks --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --quiet -p highlevel-wasm --lib --target wasm32-unknown-unknown --features v3 -- -D warnings

# Fuzzing (fuzz/: cargo-fuzz on nightly, installed by setup.sh --test): every
# target for FUZZ_SECONDS each, failing on any crash (its input is left in
# fuzz/artifacts/<target>/); make test runs each for 10 s.
FUZZ_SECONDS ?= 60
fuzz: setup-test
	@fuzz/run.sh $(FUZZ_SECONDS)

fuzz-short: setup-test
	@fuzz/run.sh 10

test-wasm:
	wasm-pack test --node
	CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome

test-js:
	node --test --test-concurrency=1 tests/js/

test-types:
	npx --no-install tsc -p tests/types

check-generated:
	@scripts/check-generated.sh

# Regenerate every generated file from the specs (../shared/highlevel-openapi) and codegen/overrides.json.
generate: ; cargo run -q --release -p highlevel-codegen

size: pkg
	@node scripts/size.mjs

# Benchmarks against raw fetch and the official SDK (bench/, its own package.json;
# npm ci only when bench/node_modules is missing or older than its lock file):
# the full table (< 10 min) into bench/results/latest.json and BENCHMARKS.md;
# bench-quick is a < 60 s smoke run of the same code with small counts.
bench: pkg sandbox
	@cd bench && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && node run.mjs

bench-quick: pkg sandbox
	@cd bench && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && node run.mjs --quick

# The example marketplace app (www/): the sandbox as HighLevel, the Worker in
# Miniflare, a page simulating HighLevel around the custom page; prints the
# URLs and runs until Ctrl-C (not part of `make test`; its tests are).
demo-web: pkg sandbox
	@node www/dev/demo-web.mjs
