namespace EcsBridge.Kubernetes.Http;

/// <summary>A served resource: group ("" for core), version, plural name and whether it lives in a namespace.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static ResourceType Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false);
    public static ResourceType ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true);
    public static ResourceType Secrets { get; } = new("", "v1", "secrets", "Secret", true);
    public static ResourceType Services { get; } = new("", "v1", "services", "Service", true);
    public static ResourceType ServiceAccounts { get; } = new("", "v1", "serviceaccounts", "ServiceAccount", true);
    public static ResourceType Pods { get; } = new("", "v1", "pods", "Pod", true);
    public static ResourceType Events { get; } = new("", "v1", "events", "Event", true);
    public static ResourceType Deployments { get; } = new("apps", "v1", "deployments", "Deployment", true);
    public static ResourceType ReplicaSets { get; } = new("apps", "v1", "replicasets", "ReplicaSet", true);
    public static ResourceType HorizontalPodAutoscalersV2 { get; } = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true);
    public static ResourceType HorizontalPodAutoscalersV2Beta2 { get; } = new("autoscaling", "v2beta2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true);
    public static ResourceType Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static ResourceType Roles { get; } = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true);
    public static ResourceType RoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
    public static ResourceType ClusterRoles { get; } = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false);
    public static ResourceType ClusterRoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false);
    public static ResourceType CustomResourceDefinitions { get; } = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);

    public override string ToString() => Group.Length == 0 ? $"{Plural}/{Version}" : $"{Plural}.{Version}.{Group}";
}
