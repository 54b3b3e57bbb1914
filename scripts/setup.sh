#!/usr/bin/env bash
# Installs what the build and tests need, skipping whatever is already there at
# the right version. Idempotent; quick when nothing is missing.
#   scripts/setup.sh          toolchain for building the package
#   scripts/setup.sh --test   plus Chromium/ChromeDriver and the test npm packages
set -euo pipefail
cd "$(dirname "$0")/.."

BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 8 minutes, once)"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (about 7 minutes, once)"
  cargo install wasm-pack
fi

# The build minifies pkg/'s JS with esbuild, a dev dependency like the test packages.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the dev packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  # make test: clippy (stable), and the fuzz targets (fuzz/), which need
  # nightly and cargo-fuzz.
  if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
    say "adding the clippy component"
    rustup component add clippy
  fi
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    say "installing the nightly toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null 2>&1; then
    say "installing cargo-fuzz (about 3 minutes, once)"
    cargo install cargo-fuzz
  fi
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    say "installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
