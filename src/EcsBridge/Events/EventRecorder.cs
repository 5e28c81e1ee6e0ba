using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Events;

/// <summary>Records core/v1 Events on the objects the operator manages, for `kubectl describe`. Failing to
/// record an event is logged and never fails a reconcile.</summary>
internal sealed partial class EventRecorder(KubeClient client, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public async Task RecordAsync(IKubernetesObject regarding, string type, string reason, string? message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var ns = regarding.Metadata.Namespace ?? "default";
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{regarding.Metadata.Name}.{Guid.NewGuid().ToString("N")[..16]}",
                ["namespace"] = ns,
            },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = regarding.ApiVersion,
                ["kind"] = regarding.Kind,
                ["name"] = regarding.Metadata.Name,
                ["namespace"] = ns,
                ["uid"] = regarding.Metadata.Uid,
                ["resourceVersion"] = regarding.Metadata.ResourceVersion,
            },
            ["reason"] = reason,
            ["message"] = message is { Length: > 1024 } ? message[..1021] + "..." : message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = "ecsbridge" },
            ["reportingComponent"] = "ecsbridge",
            ["reportingInstance"] = Environment.MachineName,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            await client.CreateAsync(ResourceType.Events, ns, body, KubeJsonContext.Default.JsonObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex)
        {
            EventFailed(logger, reason, regarding.Metadata.Name ?? "", ex.Message);
        }
    }

    [LoggerMessage(3100, LogLevel.Warning, "Could not record event {Reason} on {Name}: {Error}")]
    private static partial void EventFailed(ILogger logger, string reason, string name, string error);
}
