#!/usr/bin/env bash
# Builds the wasm with wasm-pack (release: opt-level "z", LTO) and merges
# pkg-template/ into pkg/, giving an installable npm package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
wasm-pack --quiet build --target web --release --out-dir pkg --out-name highlevel_wasm --no-pack --no-typescript ${FEATURES:+--no-default-features --features "$FEATURES"} >/dev/null
node scripts/strip-names.mjs pkg/highlevel_wasm_bg.wasm --verbose
# Short import and export names in the .wasm and its glue (scripts/short-imports.mjs: ~2.3 KB gzip -9 for
# the imports, ~0.5 KB more for the exports and the glue's own names).
node scripts/short-imports.mjs pkg/highlevel_wasm_bg.wasm pkg/highlevel_wasm.js
# The `highlevel-wasm/v3` subpath: the same crate with the v3 table (cargo
# feature `v3`), so neither wasm carries the other's table.
# (its own target dir: one cdylib artifact per feature set, no rebuild ping-pong)
CARGO_TARGET_DIR=target/v3 wasm-pack --quiet build --target web --release --out-dir target/v3-pkg --out-name highlevel_wasm_v3 --no-pack --no-typescript ${FEATURES:+--no-default-features} --features "${FEATURES:+$FEATURES,}v3" >/dev/null
cp target/v3-pkg/highlevel_wasm_v3.js target/v3-pkg/highlevel_wasm_v3_bg.wasm pkg/
if [ -d target/v3-pkg/snippets ]; then cp -R target/v3-pkg/snippets/. pkg/snippets/; fi
node scripts/strip-names.mjs pkg/highlevel_wasm_v3_bg.wasm --verbose
node scripts/short-imports.mjs pkg/highlevel_wasm_v3_bg.wasm pkg/highlevel_wasm_v3.js
# The `highlevel-wasm/webhooks` subpath: its own small wasm (webhooks/), so
# the client's import does not grow.
wasm-pack --quiet build webhooks --target web --release --out-dir ../target/webhooks-pkg --out-name webhooks_wasm --no-pack --no-typescript >/dev/null
cp target/webhooks-pkg/webhooks_wasm.js target/webhooks-pkg/webhooks_wasm_bg.wasm pkg/
node scripts/strip-names.mjs pkg/webhooks_wasm_bg.wasm --verbose
node scripts/short-imports.mjs pkg/webhooks_wasm_bg.wasm pkg/webhooks_wasm.js
rm -f pkg/.gitignore
cp -R pkg-template/. pkg/
# The JS bundled with esbuild (scripts/bundle-pkg.mjs): the exports map's
# entries with code splitting into a few shared chunks, minified (names too:
# HighLevelError sets its own). The readable sources are pkg-template/ and
# the .d.ts files.
node scripts/bundle-pkg.mjs
echo "pkg/: $(wc -c < pkg/highlevel_wasm_bg.wasm) + $(wc -c < pkg/highlevel_wasm_v3_bg.wasm) (v3) + $(wc -c < pkg/webhooks_wasm_bg.wasm) (webhooks) bytes of wasm, $(cat pkg/*.js | wc -c) bytes of JS"
