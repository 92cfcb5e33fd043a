#!/usr/bin/env bash
# TLS profile check: starts `lokinetpol serve` with HTTPS on a certificate from a throwaway
# test CA (openssl CLI; RSA 2048 server key) and runs sslyze (PyPI) against Mozilla's
# "intermediate" configuration. Passes when the only deviation is certificate trust (the test
# CA is in no trust store): certificate_path_validation.
#
#   .ci/checks/sslyze.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v sslyze >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check sslyze
fi

check=sslyze
. .ci/checks/lib/live-server.sh

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -days 2 -subj "/CN=lokinetpol sslyze test CA" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/server.key" -out "$work/server.csr" -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial 1 -days 30 \
  -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null
chmod 600 "$work/server.key"

start_server --tls-cert "$work/server.pem" --tls-key "$work/server.key"

sslyze --mozilla_config intermediate "localhost:$port" >"$work/sslyze.txt" 2>&1 || true
# The compliance section: either compliant, or "FAILED" followed only by certificate trust.
if grep -q "is compliant with Mozilla's \"intermediate\"\|: OK - Compliant" "$work/sslyze.txt"; then
  echo "sslyze: compliant with Mozilla intermediate"
  exit 0
fi
issues="$(sed -n '/COMPLIANCE AGAINST TLS CONFIGURATION/,$p' "$work/sslyze.txt" | grep -E '^\s+\* ' | sed -E 's/^\s+\* ([a-z_0-9]+):.*/\1/' | sort -u)"
if [ "$issues" = "certificate_path_validation" ]; then
  echo "sslyze: Mozilla intermediate: compliant except certificate trust (test CA)"
  exit 0
fi
echo "sslyze: not compliant with Mozilla intermediate:" >&2
sed -n '/COMPLIANCE AGAINST TLS CONFIGURATION/,$p' "$work/sslyze.txt" >&2
exit 1
