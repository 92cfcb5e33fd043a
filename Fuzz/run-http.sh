#!/usr/bin/env bash
# Builds the HTTPServer module with libFuzzer + ASan coverage and runs Fuzz/FuzzHTTPParser.swift.
# Usage: Fuzz/run-http.sh [runs (default 500000)] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500000}"
shift || true
scratch=.build-fuzz
swift build -Xswiftc -sanitize=fuzzer,address --scratch-path "$scratch" --target HTTPServer
objects=("$scratch"/debug/HTTPServer.build/*.o)
if compgen -G "$scratch/debug/Logging.build/*.o" > /dev/null; then
    objects+=("$scratch"/debug/Logging.build/*.o)
fi
mkdir -p "$scratch/fuzz"
swiftc -sanitize=fuzzer,address -parse-as-library Fuzz/FuzzHTTPParser.swift \
    -I "$scratch/debug/Modules" "${objects[@]}" -o "$scratch/fuzz/fuzz-http"
# Findings go to the scratch dir; the seed corpus is only read (new inputs land in a work copy).
work="$scratch/fuzz/corpus-http"
mkdir -p "$work"
cp -n Fuzz/corpus/http/* "$work"/ 2>/dev/null || true
SWIFT_BACKTRACE=enable=no "$scratch/fuzz/fuzz-http" -runs="$runs" -max_len=4096 \
    -artifact_prefix="$scratch/fuzz/" "$@" "$work"
