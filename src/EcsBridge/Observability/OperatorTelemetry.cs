using System.Collections;
using EcsBridge.Kubernetes.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EcsBridge.Observability;

/// <summary>
/// OpenTelemetry through its hosting integration: when OTEL_EXPORTER_OTLP_ENDPOINT is set, the operator's metrics,
/// the client's, the runtime's own (the System.Runtime meter) and the reconcile spans go over OTLP; the exporter
/// reads the standard OTEL_* settings (protocol, headers, timeouts, OTEL_BSP_SCHEDULE_DELAY,
/// OTEL_METRIC_EXPORT_INTERVAL, …). /metrics does not depend on it (<see cref="PrometheusExporter"/>).
/// </summary>
internal static class OperatorTelemetry
{
    /// <summary>The runtime's built-in meter (GC, JIT, thread pool, working set), which the OpenTelemetry runtime
    /// instrumentation also reads on .NET 9 and later.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private const string Prefix = "OTEL_";

    private static readonly string[] ProtocolKeys =
        ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"];

    public static void Add(HostApplicationBuilder builder)
    {
        // The slim builder reads no environment; the SDK reads its OTEL_* settings from the host's configuration.
        builder.Configuration.AddInMemoryCollection(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => KeyValuePair.Create((string)e.Key, (string?)e.Value))
            .Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)));
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }
        // http/protobuf unless a protocol is named: the OTLP specification's default, served by every collector on
        // 4318 and through plain HTTP proxies (the .NET exporter alone defaults to gRPC).
        var protocolNamed = ProtocolKeys.Any(k => !string.IsNullOrEmpty(configuration[k]));
        void Configure(OtlpExporterOptions o)
        {
            if (!protocolNamed)
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            }
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(Describe)
            .WithMetrics(metrics => metrics
                .AddMeter(OperatorMetrics.MeterName, KubeClientMetrics.MeterName, RuntimeMeterName)
                .AddOtlpExporter(Configure))
            .WithTracing(tracing => tracing
                .AddSource(Tracing.SourceName)
                .AddOtlpExporter(Configure));
    }

    /// <summary>service.name "ecsbridge" and its version; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read
    /// after, still win.</summary>
    private static void Describe(ResourceBuilder resource) => resource.Clear()
        .AddService("ecsbridge", serviceVersion: Commands.VersionCommand.Version)
        .AddTelemetrySdk()
        .AddEnvironmentVariableDetector();
}
