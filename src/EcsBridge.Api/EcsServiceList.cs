using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>The body of a LIST of services.</summary>
public sealed record EcsServiceList
{
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    public string? Kind { get; init; } = GroupVersion.ServiceListKind;

    public ListMeta? Metadata { get; init; }

    public required IReadOnlyList<EcsService> Items { get; init; }
}
