using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>taskRoleArn → the ServiceAccount the pods run as, named after the family and annotated with the IAM role
/// (IRSA; inert outside EKS). Every service of the family shares it, so it carries only the managed-by label and
/// each service is an owner but none is its controller: it goes with the last of them.</summary>
internal static class ServiceAccountBuilder
{
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    public static ServiceAccount? Build(BuildContext context)
    {
        if (PodTemplateBuilder.ServiceAccountName(context) is not { } name)
        {
            return null;
        }
        return new ServiceAccount
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = context.Namespace,
                Labels = Canonical.Map([new(Labels.ManagedBy, Labels.ManagedByValue)]),
                Annotations = Canonical.Map([new(RoleArnAnnotation, context.TaskSpec.TaskRoleArn!)]),
                OwnerReferences = string.IsNullOrEmpty(context.Options.OwnerUid)
                    ? null
                    : [new OwnerReference { ApiVersion = GroupVersion.ApiVersion, Kind = GroupVersion.ServiceKind, Name = context.Name, Uid = context.Options.OwnerUid }],
            },
        };
    }
}
