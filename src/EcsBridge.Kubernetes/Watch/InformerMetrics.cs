using System.Diagnostics.Metrics;

namespace EcsBridge.Kubernetes.Watch;

/// <summary>The informers' instruments, on the Meter "EcsBridge.Kubernetes.Informer":
/// <c>ecsbridge_informer_decode_errors_total{resource}</c> counts objects skipped because they did not decode.</summary>
public static class InformerMetrics
{
    public const string MeterName = "EcsBridge.Kubernetes.Informer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> DecodeErrors = Meter.CreateCounter<long>("ecsbridge_informer_decode_errors_total",
        description: "Objects a list or watch returned that did not decode into the model and were skipped, by resource.");

    internal static void DecodeFailed(string resource) =>
        DecodeErrors.Add(1, new KeyValuePair<string, object?>("resource", resource));
}
