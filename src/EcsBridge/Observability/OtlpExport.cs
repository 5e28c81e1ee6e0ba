using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EcsBridge.Observability;

/// <summary>Wires the OpenTelemetry SDK directly (the hosting extension is not available): metrics and reconcile
/// spans go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; the exporter reads the standard OTEL_* variables.</summary>
internal static class OtlpExport
{
    public static IDisposable? StartIfConfigured()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(OperatorMetrics.MeterName, Kubernetes.Http.KubeClientMetrics.MeterName)
            .AddOtlpExporter()
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .AddSource(Tracing.SourceName)
            .AddOtlpExporter()
            .Build();
        return new Both(meters, traces);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
