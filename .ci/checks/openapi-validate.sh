#!/usr/bin/env bash
# Validates openapi/openapi.yaml against the OpenAPI 3.1 schema (openapi-spec-validator from PyPI)
# and checks that the copy the binary embeds is that very file.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v openapi-spec-validator >/dev/null 2>&1; then
  python3 -m pip install --quiet openapi-spec-validator
fi
openapi-spec-validator openapi/openapi.yaml

embedded=Sources/NetpolService/Resources/openapi.yaml
if [ "$(readlink "$embedded")" != "../../../openapi/openapi.yaml" ]; then
  echo "openapi-validate: $embedded must be a symlink to openapi/openapi.yaml" >&2
  exit 1
fi
echo "openapi-validate: ok"
