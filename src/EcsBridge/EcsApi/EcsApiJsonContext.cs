using System.Text.Json.Serialization;

namespace EcsBridge.EcsApi;

/// <summary>Source-generated JSON for the ECS API's requests and answers (AOT-safe): camelCase as ECS spells its
/// members, nulls left out, unknown request members ignored (newer SDKs send members this model does not know).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(EcsCredentialsDocument))]
[JsonSerializable(typeof(ErrorShape))]
[JsonSerializable(typeof(CreateClusterRequest))]
[JsonSerializable(typeof(DescribeClustersRequest))]
[JsonSerializable(typeof(ListClustersRequest))]
[JsonSerializable(typeof(DeleteClusterRequest))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(DescribeClustersResponse))]
[JsonSerializable(typeof(ListClustersResponse))]
[JsonSerializable(typeof(DescribeTaskDefinitionRequest))]
[JsonSerializable(typeof(DeregisterTaskDefinitionRequest))]
[JsonSerializable(typeof(ListTaskDefinitionsRequest))]
[JsonSerializable(typeof(ListTaskDefinitionFamiliesRequest))]
[JsonSerializable(typeof(TaskDefinitionResponse))]
[JsonSerializable(typeof(ListTaskDefinitionsResponse))]
[JsonSerializable(typeof(ListTaskDefinitionFamiliesResponse))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(UpdateServiceRequest))]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(ListServicesRequest))]
[JsonSerializable(typeof(DeleteServiceRequest))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(DescribeServicesResponse))]
[JsonSerializable(typeof(ListServicesResponse))]
[JsonSerializable(typeof(List<EcsBridge.Api.ResourceTag>))]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(RunTaskResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(DescribeTasksResponse))]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
[JsonSerializable(typeof(EmptyResponse))]
internal sealed partial class EcsApiJsonContext : JsonSerializerContext;
