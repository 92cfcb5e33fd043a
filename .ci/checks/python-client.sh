#!/usr/bin/env bash
# Generates a Python client from openapi/openapi.yaml with openapi-python-client (PyPI) and
# drives the README tour through it against a live `lokinetpol serve` (python_client_tour.py).
# Fails when the generator leaves out a JSON operation, when a model name is one no one would
# keep (`…_type_0`, `…_item_…` of an input), or when a call or a model disagrees with the server.
#
#   .ci/checks/python-client.sh             # release binary if built, else debug (built if missing)
#   LOKINETPOL_BINARY=path/to/lokinetpol .ci/checks/python-client.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

if ! command -v openapi-python-client >/dev/null 2>&1; then
  python3 -m pip install --quiet 'openapi-python-client>=0.29,<0.30'
fi

check=python-client
. .ci/checks/lib/live-server.sh

# Generate: the package alone (no project metadata), named lokinetpol_client.
printf 'package_name_override: lokinetpol_client\nproject_name_override: lokinetpol-client\n' >"$work/config.yaml"
(cd "$work" && openapi-python-client generate --path "$root/openapi/openapi.yaml" --config "$work/config.yaml" \
  --meta none --output-path "$work/lokinetpol_client" >"$work/generate.log" 2>&1) || {
  cat "$work/generate.log" >&2
  exit 1
}
# The only expected warnings: the YAML request bodies and the YAML document (`/openapi.yaml`),
# which a JSON client does not speak. Anything else the generator explains is a failure.
if grep -vE '^( |\{|\}|$)' "$work/generate.log" | grep -vE '^(Generating |Warning\(s\) encountered|If you believe|WARNING parsing |Unsupported content type (application/yaml|application/x-yaml|text/yaml)$|Cannot parse response for status code .*\(Unsupported content_type application/yaml\))' >"$work/unexpected"; then
  echo "python-client: unexpected generator output:" >&2
  cat "$work/unexpected" >&2
  exit 1
fi

# Every JSON operation of the document is in the client, and no model has a made-up name.
python3 - "$root/openapi/openapi.yaml" "$work/lokinetpol_client" <<'EOF'
import os, re, sys, yaml
document, package = sys.argv[1], sys.argv[2]
spec = yaml.safe_load(open(document, encoding="utf-8"))
def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
modules = {f[:-3] for _, _, files in os.walk(os.path.join(package, "api")) for f in files if f.endswith(".py")}
missing = []
for path, item in spec["paths"].items():
    for method, op in item.items():
        if method not in {"get", "head", "put", "post", "delete"}:
            continue
        if snake(op["operationId"]) not in modules:
            missing.append(f"{method.upper()} {path} ({op['operationId']})")
ugly = sorted(f for f in os.listdir(os.path.join(package, "models")) if re.search(r"_type_\d", f))
if missing or ugly:
    print("python-client: operations left out:", missing, "generated model names:", ugly, file=sys.stderr)
    sys.exit(1)
print(f"python-client: {len(modules) - 1} operation modules, {len(os.listdir(os.path.join(package, 'models'))) - 1} models")
EOF

start_server

PYTHONPATH="$work${PYTHONPATH:+:$PYTHONPATH}" python3 .ci/checks/python_client_tour.py "http://127.0.0.1:$port" examples
