using EcsBridge.Api;

namespace EcsBridge.Core.Build;

/// <summary>One revision of a task definition family, as the service resolved it.</summary>
/// <param name="Family">The family: the EcsTaskDefinition's name (a DNS-1123 name).</param>
/// <param name="Revision">The revision number (1, 2, …).</param>
/// <param name="Spec">The spec recorded for that revision.</param>
public sealed record ResolvedTaskDefinition(string Family, int Revision, EcsTaskDefinitionSpec Spec)
{
    /// <summary>"family:revision", as ECS writes a task definition reference.</summary>
    public string Reference => $"{Family}:{Revision}";
}
