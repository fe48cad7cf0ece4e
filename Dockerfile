# syntax=docker/dockerfile:1.7
# Augur's container image: a Swift toolchain stage builds the `augur` executable, a slim Debian stage runs it
# as a non-root user with only librdkafka beside it (the Swift runtime is linked in statically).
#   docker build -t augur .
#   docker run -p 6399:6399 -p 9464:9464 augur          # built-in broker + daemon in one process
#   docker compose up                                   # broker, two daemons, Prometheus (docker-compose.yml)
# Build arguments: SWIFT_IMAGE and RUNTIME_IMAGE (same Debian release: the binary links the build stage's
# librdkafka), AUGUR_BUILD_FLAGS (extra `swift build` flags).

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
# Packages are not pinned (DL3008): the Debian release is, and its point releases carry security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest alone first, so the dependency checkout layer survives source edits.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
ARG AUGUR_BUILD_FLAGS=""
# AUGUR_NATIVE=0: a portable x86-64 binary, whatever CPU the build host has; AUGUR_KAFKA=1: the Kafka
# transport is built in, or the build fails (see Package.swift).
ENV AUGUR_NATIVE=0 \
    AUGUR_KAFKA=1
# AUGUR_BUILD_FLAGS may hold several flags: split into words on purpose (SC2086).
# hadolint ignore=SC2086
RUN swift build -c release --product augur --static-swift-stdlib ${AUGUR_BUILD_FLAGS} \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/augur" /out/usr/local/bin/augur \
    && install -D -m 0755 /usr/libexec/swift/linux/swift-backtrace-static /out/usr/local/bin/swift-backtrace-static

FROM ${RUNTIME_IMAGE} AS runtime
# With the Swift runtime and Foundation linked statically, the binary needs libc, libstdc++ and librdkafka (the
# Kafka transport, with its own dependencies); ca-certificates for TLS to Kafka brokers, tzdata for local times.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libstdc++6 librdkafka1 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 augur \
    && useradd --system --uid 10001 --gid augur --home-dir /var/lib/augur --create-home --shell /usr/sbin/nologin augur \
    && install -d -o augur -g augur /models /var/lib/augur/data
COPY --from=build /out/ /
# Probes for HEALTHCHECK and compose: `augur-healthcheck http PORT PATH` passes on an HTTP 200 from
# 127.0.0.1:PORT/PATH, `augur-healthcheck resp PORT` on a +PONG from the broker. Bash's /dev/tcp does it,
# so the image needs no curl. scripts/e2e.d/70-deploy runs this very script against real daemons.
COPY --chmod=0755 <<'EOF' /usr/local/bin/augur-healthcheck
#!/bin/bash
set -u
kind=${1:-http}
port=${2:-${AUGUR_METRICS_PORT:-9464}}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
case $kind in
http)
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "${3:-/healthz}" >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ $status == HTTP/1.?\ 200* ]] || { echo "${3:-/healthz}: $status"; exit 1; }
    ;;
resp)
    printf 'PING\r\n' >&3
    IFS= read -r -t 5 reply <&3 || exit 1
    [[ $reply == +PONG* ]] || { echo "PING: $reply"; exit 1; }
    ;;
*) echo "usage: augur-healthcheck http PORT [PATH] | resp PORT" >&2; exit 2 ;;
esac
EOF

COPY --chown=augur:augur models /models
COPY brokerconf/compose-broker.conf /etc/augur/broker.conf
ENV AUGUR_MODELS=/models \
    AUGUR_METRICS_PORT=9464 \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static
# Numeric, so that runtimes enforcing runAsNonRoot can check it.
USER 10001:10001
WORKDIR /var/lib/augur
VOLUME ["/models", "/var/lib/augur/data"]
EXPOSE 6399 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["augur-healthcheck", "http", "9464", "/healthz"]
ENTRYPOINT ["augur"]
# Alone, the image runs the embedded broker and one daemon (as scripts/run does); compose overrides the command.
CMD ["serve", "--embedded-broker", "--broker-config", "/etc/augur/broker.conf", "--data-dir", "/var/lib/augur/data", "--metrics-port", "9464"]
