# syntax=docker/dockerfile:1
# Build: the SDK publishes `ecsbridge` as one Native AOT executable (the same step as `make publish`), which links
# with clang against zlib.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/EcsBridge -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none -o /out

# Run: a small runtime-deps image, non-root (UID 65532, as kubebuilder's distroless base), read-only root friendly.
# Only the executable: its debug symbols (ecsbridge.dbg) stay in the build stage.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /
COPY --from=build /out/ecsbridge /app/ecsbridge
USER 65532:65532
ENV DOTNET_gcServer=0 \
    DOTNET_GCHeapAffinitizeMask=0
EXPOSE 8080 8081
ENTRYPOINT ["/app/ecsbridge"]
CMD ["run"]
