#!/usr/bin/env bash
# Fails when the committed generated files are not what codegen makes from the
# specs now; says so plainly when the specs folder is absent and it cannot tell.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECS="${HIGHLEVEL_SPECS:-../shared/highlevel-openapi}"
SPECS_V3="${HIGHLEVEL_SPECS_V3:-../shared/highlevel-openapi-v3}"
if [ ! -d "$SPECS/apps" ]; then
  echo "check-generated: skipped, specs folder $SPECS is absent"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$SPECS_V3/apps" ] || echo "check-generated: v3 files not checked, specs folder $SPECS_V3 is absent"
cargo run -q --release -p highlevel-codegen -- --specs "$SPECS" --specs-v3 "$SPECS_V3" --out "$tmp" >/dev/null
stale=0
while IFS= read -r f; do
  rel=${f#"$tmp"/}
  if ! cmp -s "$f" "$rel"; then echo "check-generated: $rel is stale (run make generate)"; stale=1; fi
done < <(find "$tmp" -type f | sort)
[ "$stale" = 0 ] && echo "check-generated: $(find "$tmp" -type f | wc -l) generated files match the specs"
exit "$stale"
