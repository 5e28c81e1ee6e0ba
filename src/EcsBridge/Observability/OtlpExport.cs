using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EcsBridge.Observability;

/// <summary>Wires the OpenTelemetry SDK directly (the hosting extension is not available): metrics and reconcile
/// spans go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; the exporter reads the standard OTEL_* variables
/// (protocol, headers, timeouts, OTEL_BSP_SCHEDULE_DELAY, OTEL_METRIC_EXPORT_INTERVAL, …).</summary>
internal static class OtlpExport
{
    private static readonly string[] ProtocolVariables =
        ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"];

    public static IDisposable? StartIfConfigured()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        // http/protobuf unless a protocol is named: the OTLP specification's default, served by every collector on
        // 4318 and through plain HTTP proxies (the .NET exporter alone defaults to gRPC).
        var protocolNamed = ProtocolVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));
        void Configure(OtlpExporterOptions o)
        {
            if (!protocolNamed)
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            }
        }
        var meters = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(Describe)
            .AddMeter(OperatorMetrics.MeterName, Kubernetes.Http.KubeClientMetrics.MeterName)
            .AddOtlpExporter(Configure)
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(Describe)
            .AddSource(Tracing.SourceName)
            .AddOtlpExporter(Configure)
            .Build();
        return new Both(meters, traces);
    }

    /// <summary>service.name "ecsbridge" and its version; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read
    /// after, still win.</summary>
    private static void Describe(ResourceBuilder resource) => resource.Clear()
        .AddService("ecsbridge", serviceVersion: Commands.VersionCommand.Version)
        .AddTelemetrySdk()
        .AddEnvironmentVariableDetector();

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
