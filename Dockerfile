# syntax=docker/dockerfile:1
#
# lokinetpol service image.
#   docker build -t lokinetpol .
#   docker run -p 8080:8080 -v lokinetpol-data:/data \
#     -v "$PWD/tokens.yaml:/etc/lokinetpol/tokens.yaml:ro" lokinetpol
#   (make entries with `docker run --rm lokinetpol token new NAME --scopes read write --namespaces NS`)
#
# Build stage: the Swift toolchain plus the C libraries' headers (system OpenSSL, SQLite, libpq, libyaml;
# libpq-dev only for libpq-fe.h).
# Packages are pinned to their Debian 12 (bookworm) upstream series; the wildcard lets apt take
# that series' security updates, which replace the exact version in the archive.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends 'libsqlite3-dev=3.40.*' 'libssl-dev=3.0.*' 'libpq-dev=15.*' 'libyaml-dev=0.2.*' 'pkg-config=1.8.*' \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# The Swift runtime is linked statically (no Foundation, not even FoundationEssentials, is linked):
# the runtime image needs no toolchain. Package.swift lays out the code `serve` runs at start first
# (Sources/lokinetpol/start-up.order). Every executable of the build (the build tools too) is linked
# by the toolchain's lld, here with packed relative relocations (DT_RELR, glibc >= 2.36 as in
# bookworm; gold does not know the option): the 1 MB relocation table the loader reads at every start
# shrinks to 8 KB, the idle RSS by 0.9 MB (BENCHMARKS.md, "Memory and start-up").
RUN swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs \
      --product lokinetpol \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/lokinetpol" /out/lokinetpol

# Runtime stage: only the shared libraries the binary links (libsqlite3, libssl/libcrypto, libyaml), libpq
# (loaded with dlopen for a postgres:// --db only: a SQLite service never maps it; without libpq5 such a
# URL fails at start with "cannot load libpq") and CA certificates.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends 'libsqlite3-0=3.40.*' 'libpq5=15.*' 'libssl3=3.0.*' 'libyaml-0-2=0.2.*' 'ca-certificates=20230311*' \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 lokinetpol \
 && useradd --system --uid 10001 --gid lokinetpol --home-dir /data --no-create-home --shell /usr/sbin/nologin lokinetpol \
 && install -d -o lokinetpol -g lokinetpol -m 0750 /data
COPY --from=build /out/lokinetpol /usr/local/bin/lokinetpol

USER 10001:10001
VOLUME /data
EXPOSE 8080
# `serve` reads these; override them with -e (LOKINETPOL_TLS_CERT / LOKINETPOL_TLS_KEY enable HTTPS).
# The tokens file is mounted at /etc/lokinetpol/tokens.yaml; without one `serve` exits and says how.
# LOKINETPOL_TOKENS is the file's path, not a secret (the file holds only SHA-256 hashes).
# hadolint ignore=DL3064
ENV LOKINETPOL_LISTEN=0.0.0.0:8080 \
    LOKINETPOL_DB=/data/lokinetpol.db \
    LOKINETPOL_TOKENS=/etc/lokinetpol/tokens.yaml
# The probe reads LOKINETPOL_LISTEN and LOKINETPOL_TLS_CERT like `serve`: it follows a changed port and HTTPS.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["lokinetpol", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["lokinetpol"]
# Secure by default: bearer tokens from LOKINETPOL_TOKENS (see docs/security.md). To run without
# authentication knowingly: `docker run … lokinetpol serve --allow-unauthenticated-remote`
# (and publish the port only where that is acceptable, e.g. `-p 127.0.0.1:8080:8080`).
CMD ["serve"]
