#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the
# other, and fails on the first crash, leak of time or memory blow-up:
#   fuzz/run.sh SECONDS [target...]
# Built once (nightly, cargo-fuzz, no sanitizer: the code is safe Rust, and
# debug assertions and overflow checks stay on) into target/fuzz. Each target
# starts from its committed seeds (corpus/<t>) and dictionary (dict/<t>.dict);
# what it learns goes to fuzz/work/<t> (not committed), a crash input to
# fuzz/artifacts/<t>/ (make it a regression test).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-60}
shift || true
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi
bin=../target/fuzz/x86_64-unknown-linux-gnu/release
cargo +nightly fuzz build -s none --target-dir ../target/fuzz 2> >(grep -vE '^\s+(Compiling|Finished|Running|Blocking)' >&2 || true)
for t in "${targets[@]}"; do
  mkdir -p "work/$t" "artifacts/$t"
  log="work/$t.log"
  if ! "$bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -dict="dict/$t.dict" -artifact_prefix="artifacts/$t/" "work/$t" "corpus/$t" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $t FAILED after $(grep -c . "$log") log lines; input saved under fuzz/artifacts/$t/ (full log: fuzz/$log)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
  echo "fuzz: $t ${secs}s, ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "work/$t" | wc -l)"
done
