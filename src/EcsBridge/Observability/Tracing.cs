using System.Diagnostics;

namespace EcsBridge.Observability;

/// <summary>One span per reconcile; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
internal static class Tracing
{
    public const string SourceName = "EcsBridge.Operator";

    public static ActivitySource Source { get; } = new(SourceName, Commands.VersionCommand.Version);
}
