#!/usr/bin/env bash
# Build a libFuzzer binary for one library target and run it.
#
#   Fuzz/run.sh <target> <runs> [extra libFuzzer flags...]
#
# <target> is a library target with a fuzz entry (see the table below): PolicyCore (input decoder),
# HTTPServer (HTTP parser) or NetpolService (a whole service request, in process, on a temporary
# SQLite store). The library and its dependencies are compiled with ASan and libFuzzer's coverage into
# .build-fuzz (its own scratch path), then the entry file is linked against their objects with
# swiftc. New corpus entries go to Fuzz/out/<target>/corpus (the seed corpus in Fuzz/corpus/ is
# only read); crashes are written to Fuzz/out/<target>/.
#
# FUZZ_CONFIGURATION=release builds optimised (-O, still instrumented and sanitized) into
# .build-fuzz-release and links Fuzz/out/<target>/fuzz-<target>-release: several times the
# inputs per second, for long runs; the default (debug) is what CI smoke-runs.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: Fuzz/run.sh <PolicyCore|HTTPServer|NetpolService> <runs> [libFuzzer flags...]"
target="${1:?$usage}"
runs="${2:?$usage}"
shift 2

# target -> entry file, seed corpus, dictionary, object directories (the target and every target it
# depends on, SwiftPM names), system libraries.
case "$target" in
    PolicyCore)
        entry=Fuzz/FuzzInputDecoder.swift; seeds=Fuzz/corpus/input; dict=Fuzz/input.dict
        modules="PolicyCore SystemSupport"; libs="-lcrypto -lyaml" ;;
    HTTPServer)
        entry=Fuzz/FuzzHTTPParser.swift; seeds=Fuzz/corpus/http; dict=Fuzz/http.dict
        modules="HTTPServer SystemSupport Logging"; libs="-lssl -lcrypto" ;;
    NetpolService)
        entry=Fuzz/FuzzServiceRequest.swift; seeds=Fuzz/corpus/service; dict=Fuzz/service.dict
        modules="NetpolService HTTPServer PolicyStore PolicyCore CLibPQ SystemSupport Logging"; libs="-lssl -lcrypto -lsqlite3 -lyaml" ;;
    *) echo "Fuzz/run.sh: unknown target '$target'" >&2; echo "$usage" >&2; exit 2 ;;
esac
[ -f "$entry" ] || { echo "Fuzz/run.sh: $entry does not exist" >&2; exit 2; }

configuration="${FUZZ_CONFIGURATION:-debug}"
case "$configuration" in
    debug) scratch=.build-fuzz; optimize=(); suffix="" ;;
    release) scratch=.build-fuzz-release; optimize=(-O); suffix="-release" ;;
    *) echo "Fuzz/run.sh: FUZZ_CONFIGURATION must be debug or release" >&2; exit 2 ;;
esac
echo "== fuzz: building $target ($configuration) with ASan and libFuzzer coverage"
# The objects get libFuzzer's coverage instrumentation (what -sanitize=fuzzer turns on) without
# libFuzzer itself: SwiftPM hands these flags to build-plugin host tools too (migration-embedder),
# whose own main() would clash with libFuzzer's. The fuzzer is linked in below, into the entry only.
coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table
swift build -c "$configuration" --target "$target" --scratch-path "$scratch" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=$coverage \
    -Xcc -fsanitize=fuzzer-no-link,address
bin="$scratch/$configuration"

objects=()
for m in $modules; do
    while IFS= read -r o; do objects+=("$o"); done < <(find "$bin/$m.build" -name '*.o' | sort)
done
# Clang modules the library's interface may import (the system-library shims, libyaml's included).
includes=(-I "$bin/Modules")
for shim in Sources/C*/ Sources/C*/include/; do includes+=(-I "${shim%/}"); done
# Headers of system libraries outside the default search path (libpq's live in /usr/include/postgresql).
for cflag in $(pkg-config --cflags-only-I libpq 2>/dev/null); do includes+=(-Xcc "$cflag"); done

out="Fuzz/out/$target"
mkdir -p "$out/corpus"
exe="$out/fuzz-$target$suffix"
echo "== fuzz: linking $exe"
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -g "${optimize[@]}" "${includes[@]}" "$entry" "${objects[@]}" $libs -o "$exe"

dict_flag=()
[ -f "$dict" ] && dict_flag=(-dict="$dict")
seed_dirs=()
[ -d "$seeds" ] && seed_dirs=("$seeds")
echo "== fuzz: running $target for $runs runs"
SWIFT_BACKTRACE=enable=no "$exe" -runs="$runs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$out/" "${dict_flag[@]}" "$@" "$out/corpus" "${seed_dirs[@]}"
