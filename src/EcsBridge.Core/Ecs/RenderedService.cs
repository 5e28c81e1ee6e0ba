using EcsBridge.Api;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;

namespace EcsBridge.Core.Ecs;

/// <summary>One EcsService of the input, the task definition revision it resolved to, and the children built for
/// it by <see cref="DesiredStateBuilder"/>.</summary>
public sealed record RenderedService(EcsService Service, ResolvedTaskDefinition TaskDefinition, DesiredState State)
{
    /// <summary>The canonical JSON of each child in apply order: the exact bytes the operator applies, for comparing
    /// with objects read back from a cluster.</summary>
    public IReadOnlyList<string> CanonicalJson() => [.. ApplyBody.ForAll(State).Select(body => body.ToJsonString(DesiredStateJson.CompactOptions))];
}
