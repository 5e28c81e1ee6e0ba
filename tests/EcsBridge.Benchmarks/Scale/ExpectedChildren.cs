using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>Renders what the operator should apply for each service, exactly as it does (DesiredStateBuilder +
/// ApplyBody, the cluster's HPA version, revision 1). The applied hash ignores owner references, so the bodies
/// rendered here without an owner carry the hash the operator's bodies carry.</summary>
internal static class ExpectedChildren
{
    public static IReadOnlyList<DesiredChild> For(ServiceCase service, BuildOptions options, ResourceType hpaType)
    {
        var state = DesiredStateBuilder.Build(service.Service, new ResolvedTaskDefinition(service.Family, 1, service.TaskDefinitionSpec), options);
        var children = new List<DesiredChild>(3);
        void Add(ResourceType type, Kubernetes.Models.IKubernetesObject? desired)
        {
            if (desired is null)
            {
                return;
            }
            var body = ApplyBody.For(desired);
            var hash = body["metadata"]!["annotations"]![ApplyBody.HashAnnotation]!.GetValue<string>();
            children.Add(new DesiredChild(type, service.Namespace, desired.Metadata.Name!, body, hash));
        }
        Add(ResourceType.Deployments, state.Deployment);
        Add(ResourceType.Services, state.Service);
        Add(hpaType, state.Hpa);
        return children;
    }

    public static IReadOnlyList<DesiredChild> For(IEnumerable<ServiceCase> services, BuildOptions options, ResourceType hpaType) =>
        [.. services.SelectMany(s => For(s, options, hpaType))];
}
