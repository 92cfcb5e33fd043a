# Sourced by the network-config-analyzer cross-checks (nca-crosscheck.sh, nca-drift.sh), which
# name themselves in `check` first. Goes to the checkout's root (`root`), sets `bin` (LOKINETPOL,
# else the debug build, built when missing), makes sure IBM's `nca` is installed (PyPI
# `network-config-analyzer`; exit 2 otherwise) and makes `work`, a temporary directory removed
# at exit.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
bin=${LOKINETPOL:-$root/.build/debug/lokinetpol}
if [ ! -x "$bin" ]; then
    swift build --product lokinetpol >&2
fi
if ! command -v nca >/dev/null 2>&1; then
    echo "$check: nca not found (pip install network-config-analyzer)" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
