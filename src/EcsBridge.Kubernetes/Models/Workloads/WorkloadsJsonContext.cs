using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>Source-generated serialization of the workload models. Nulls are omitted and members are written in
/// declaration order, so the same object always serializes to the same bytes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(DaemonSet))]
[JsonSerializable(typeof(ControllerRevision))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(ServiceAccount))]
[JsonSerializable(typeof(HorizontalPodAutoscaler))]
[JsonSerializable(typeof(PodTemplateSpec))]
[JsonSerializable(typeof(Pod))]
public sealed partial class WorkloadsJsonContext : JsonSerializerContext;
