using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>The canonical JSON of desired objects: the exact bytes applied to the server, used to hash and compare
/// bodies (skip the PATCH when unchanged) and printed by <c>ecsbridge render</c>. Members come in declaration order,
/// nulls are left out and maps are ordinally sorted by the builders, so equal objects give equal bytes.</summary>
public static class DesiredStateJson
{
    private static readonly WorkloadsJsonContext Compact = new(CreateOptions(indented: false));

    /// <summary>The options of the canonical compact form, for writing JSON nodes the same way.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = CreateOptions(indented: false);
    private static readonly WorkloadsJsonContext Indented = new(CreateOptions(indented: true));

    /// <summary>Compact canonical JSON of one Deployment, DaemonSet, Service, HorizontalPodAutoscaler or ServiceAccount.</summary>
    public static string Serialize(IKubernetesObject value) => Write(value, Compact);

    /// <summary>The same content, indented for people (render output, golden files).</summary>
    public static string SerializeIndented(IKubernetesObject value) => Write(value, Indented);

    /// <summary>Compact canonical JSON of each child, in apply order.</summary>
    public static IReadOnlyList<string> SerializeAll(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Objects().Select(Serialize).ToList();
    }

    /// <summary>Lower-case hex SHA-256 of the canonical JSON: what the applier remembers per child.</summary>
    public static string Hash(IKubernetesObject value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(value))));

    private static string Write(IKubernetesObject value, WorkloadsJsonContext context) => value switch
    {
        Deployment deployment => JsonSerializer.Serialize(deployment, context.Deployment),
        DaemonSet daemonSet => JsonSerializer.Serialize(daemonSet, context.DaemonSet),
        Service service => JsonSerializer.Serialize(service, context.Service),
        HorizontalPodAutoscaler hpa => JsonSerializer.Serialize(hpa, context.HorizontalPodAutoscaler),
        ServiceAccount account => JsonSerializer.Serialize(account, context.ServiceAccount),
        ControllerRevision revision => JsonSerializer.Serialize(revision, context.ControllerRevision),
        Pod pod => JsonSerializer.Serialize(pod, context.Pod),
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a desired child kind.", nameof(value)),
    };

    // The relaxed encoder keeps shell commands readable ("&&", "<", "'") and is still valid JSON for the server.
    private static JsonSerializerOptions CreateOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = indented,
        IndentSize = 2,
    };
}
