# One image with every executable of the platform: the six services (intake, dispatch, returns, repairs,
# parts, notifications), the CLI (aftersales) and the payment provider's stand-in of a development
# deployment (payment-sandbox).
# Build stage: the Swift toolchain plus the system libraries the card names; the Swift runtime is linked
# statically and the contracts are embedded in the binaries, so the runtime image needs no toolchain.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev libssl-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# One --product per executable, spelled out: the deployment-files test looks for each `--product <name>`.
RUN swift build -c release --static-swift-stdlib --product intake \
 && swift build -c release --static-swift-stdlib --product dispatch \
 && swift build -c release --static-swift-stdlib --product returns \
 && swift build -c release --static-swift-stdlib --product repairs \
 && swift build -c release --static-swift-stdlib --product parts \
 && swift build -c release --static-swift-stdlib --product notifications \
 && swift build -c release --static-swift-stdlib --product aftersales \
 && swift build -c release --static-swift-stdlib --product payment-sandbox \
 && mkdir /out \
 && bin="$(swift build -c release --show-bin-path)" \
 && for executable in intake dispatch returns repairs parts notifications aftersales payment-sandbox; do \
      cp "$bin/$executable" /out/; \
    done

# Runtime: slim Debian, an unprivileged user, curl for the healthchecks.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home aftersales
COPY --from=build /out/ /usr/local/bin/
USER aftersales
ENV HTTP_HOST=0.0.0.0 LOG_LEVEL=info
# Which executable runs is the container's command: `intake serve`, `dispatch migrate`, `aftersales …`.
CMD ["intake", "serve"]
