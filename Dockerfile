# syntax=docker/dockerfile:1
# Multi-stage image for `penguins serve`, `penguins migrate` and the other commands.
# Build: docker build -t penguingateway .   (Podman: podman build --format docker -t penguingateway .,
# since the OCI format has no HEALTHCHECK.) Run: see the README's Containers section and compose.yaml;
# credentials only via secret files.

# Build stage: the official Swift image (Hummingbird 2.28 needs Swift tools 6.2 or newer).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev libsqlite3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that editing sources reuses the resolved-packages layer.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Tests ./Tests
# Built into the binary by the EmbedMigrations plugin; the run stage needs no copy.
COPY migrations ./migrations
# Stripped: the static binary is 133 MB with symbols and 76 MB without.
RUN swift build -c release --product penguins --static-swift-stdlib \
 && install -D --strip "$(swift build -c release --show-bin-path)/penguins" /out/penguins

# Run stage: only the C libraries the binary links, CA certificates for verify-full TLS, and the binary
# (which carries its migrations).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 libsqlite3-0 ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin penguins \
 && install -d -o 10001 -g 10001 -m 700 /data
COPY --from=build /out/penguins /usr/local/bin/penguins
# The working directory is the data directory: the embedded default's penguins.sqlite lands here, so a volume
# on /data keeps it, and the root filesystem can be read-only.
WORKDIR /data
# A fixed uid, so a secret file on the host can be given to it: chown 10001 secrets/database_url, mode 600.
USER 10001:10001
ENV PENGUINS_HTTP_HOST=0.0.0.0 \
    PENGUINS_HTTP_PORT=8080
EXPOSE 8080
# No curl in the slim image: bash's /dev/tcp speaks just enough HTTP to ask /healthz for its status line, on the
# port the server was told to use.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PENGUINS_HTTP_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["penguins"]
CMD ["serve"]
