# syntax=docker/dockerfile:1
#
# lokinetpol service image.
#   docker build -t lokinetpol .
#   docker run -p 8080:8080 -v lokinetpol-data:/data lokinetpol
#
# Build stage: the Swift toolchain plus the C libraries' headers (system OpenSSL, SQLite).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# The Swift runtime and Foundation are linked statically: the runtime image needs no toolchain.
RUN swift build -c release --static-swift-stdlib --product lokinetpol \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/lokinetpol" /out/lokinetpol

# Runtime stage: only the shared libraries the binary links (libsqlite3, libpq, libssl/libcrypto) and CA certificates.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 libpq5 libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 lokinetpol \
 && useradd --system --uid 10001 --gid lokinetpol --home-dir /data --no-create-home --shell /usr/sbin/nologin lokinetpol \
 && install -d -o lokinetpol -g lokinetpol -m 0750 /data
COPY --from=build /out/lokinetpol /usr/local/bin/lokinetpol

USER 10001:10001
VOLUME /data
EXPOSE 8080
# `serve` reads these; override them with -e (LOKINETPOL_TLS_CERT / LOKINETPOL_TLS_KEY enable HTTPS).
ENV LOKINETPOL_LISTEN=0.0.0.0:8080 \
    LOKINETPOL_DB=/data/lokinetpol.db
# The probe reads LOKINETPOL_LISTEN and LOKINETPOL_TLS_CERT like `serve`: it follows a changed port and HTTPS.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["lokinetpol", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["lokinetpol"]
# Inside the container the service must listen on all interfaces to be reachable through a published
# port. Without a tokens file that is unauthenticated, which `serve` refuses unless told explicitly:
# publish the port only where that is acceptable (e.g. `-p 127.0.0.1:8080:8080`).
CMD ["serve", "--allow-unauthenticated-remote"]
