# syntax=docker/dockerfile:1
# Build: the SDK publishes a trimmed, ReadyToRun, self-contained executable (the same step as `make publish`).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EcsBridge -c Release -r linux-x64 --self-contained true \
      -p:PublishTrimmed=true -p:PublishReadyToRun=true -o /out

# Run: a small runtime-deps image, non-root (UID 65532, as kubebuilder's distroless base), read-only root friendly.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /
COPY --from=build /out/ /app/
USER 65532:65532
ENV DOTNET_gcServer=0 \
    DOTNET_GCHeapAffinitizeMask=0
EXPOSE 8080 8081
ENTRYPOINT ["/app/ecsbridge"]
CMD ["run"]
