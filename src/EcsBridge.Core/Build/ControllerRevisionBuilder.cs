using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>
/// One revision of a task definition, as ECS numbers them: the spec frozen in an immutable ControllerRevision named
/// `family-N`, controlled by its EcsTaskDefinition. Pure, so `render` and the reconciler agree on it; the spec hash
/// lets the reconciler tell "already recorded" from "a different spec under this number".
/// </summary>
public static class ControllerRevisionBuilder
{
    public const string SpecHashAnnotation = "ecsbridge.io/spec-hash";

    /// <summary>`family-N`: the family as a DNS subdomain, cut so the number always fits in 253 characters.</summary>
    public static string Name(string family, int revision) =>
        Names.Dns1123Subdomain(family.Length > 240 ? family[..240] : family) + "-" + revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>A short, stable digest of the spec as the API stores it.</summary>
    public static string SpecHash(EcsTaskDefinitionSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(spec, ApiJsonContext.Default.EcsTaskDefinitionSpec))))[..16];

    /// <summary>The hash a recorded revision carries, or null for one recorded without it.</summary>
    public static string? SpecHashOf(ControllerRevision revision) =>
        revision.Metadata.Annotations is { } a && a.TryGetValue(SpecHashAnnotation, out var h) ? h : null;

    /// <summary>Revision <paramref name="revision"/> of <paramref name="td"/>'s current spec; controlled by the task
    /// definition when it has a UID (read from a cluster), without an owner when built offline.</summary>
    public static ControllerRevision Build(EcsTaskDefinition td, int revision)
    {
        var family = td.Metadata.Name!;
        return new ControllerRevision
        {
            Metadata = new ObjectMeta
            {
                Name = Name(family, revision),
                Namespace = td.Metadata.Namespace,
                Labels = new Dictionary<string, string>
                {
                    // In ordinal order, as the API server returns them, so a rendered revision reads back the same.
                    [Labels.ManagedBy] = Labels.ManagedByValue,
                    [Labels.Revision] = revision.ToString(CultureInfo.InvariantCulture),
                    [Labels.TaskDefinition] = Names.LabelValue(family),
                },
                Annotations = new Dictionary<string, string> { [SpecHashAnnotation] = SpecHash(td.Spec) },
                // Offline (`render`) there is no owner UID yet, as for the other children.
                OwnerReferences = td.Metadata.Uid is { } uid
                    ?
                    [
                        new OwnerReference
                        {
                            ApiVersion = GroupVersion.ApiVersion, Kind = GroupVersion.TaskDefinitionKind, Name = family,
                            Uid = uid, Controller = true, BlockOwnerDeletion = true,
                        },
                    ]
                    : null,
            },
            Data = JsonSerializer.SerializeToNode(td.Spec, ApiJsonContext.Default.EcsTaskDefinitionSpec),
            Revision = revision,
        };
    }
}
