using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Http;
using Microsoft.Extensions.Logging;

namespace EcsBridge.EcsApi;

/// <summary>
/// The Amazon ECS JSON 1.1 protocol: POST of a JSON body with `X-Amz-Target:
/// AmazonEC2ContainerServiceV20141113.&lt;Operation&gt;`, signed with SigV4; answers 200 with the operation's JSON or
/// 400 with <c>{"__type", "message"}</c>. Authentication comes first, so an unsigned caller learns nothing.
/// </summary>
internal sealed partial class EcsApiDispatcher(
    KubeClient client, EcsArns arns, SigV4Verifier verifier, TimeProvider time, ILogger logger)
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    public const string FieldManager = "ecsbridge-ecs-api";

    /// <summary>ECS operations that exist but are not served yet.</summary>
    private static readonly HashSet<string> NotYetServed = [];

    public async Task<EcsHttpResponse> HandleAsync(EcsHttpRequest request, CancellationToken cancellationToken)
    {
        var operation = "?";
        var keyId = "-";
        try
        {
            if (request.Method != "POST")
            {
                throw new EcsApiException(EcsErrorTypes.UnknownOperation, "Only POST requests are served.");
            }
            var key = verifier.Verify(request);
            keyId = key.AccessKeyId;
            var target = request.Header("x-amz-target") ?? "";
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw new EcsApiException(EcsErrorTypes.UnknownOperation, "X-Amz-Target must name an Amazon ECS operation.");
            }
            operation = target[TargetPrefix.Length..];
            var contentType = request.Header("content-type") ?? "";
            if (!contentType.StartsWith("application/x-amz-json-1.1", StringComparison.OrdinalIgnoreCase)
                && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new EcsApiException(EcsErrorTypes.SerializationException, "Content-Type must be application/x-amz-json-1.1.");
            }
            var call = new EcsApiCall(client, arns, FieldManager, time, key, operation);
            var body = await DispatchAsync(call, request.Body, cancellationToken).ConfigureAwait(false);
            Served(logger, operation, keyId);
            return new EcsHttpResponse(200, body);
        }
        catch (EcsApiException ex)
        {
            Refused(logger, operation, keyId, ex.Type, ex.Message);
            return Error(ex.Type, ex.Message, ex.Type == EcsErrorTypes.Server ? 500 : 400, ex.ResourceIds);
        }
        catch (JsonException)
        {
            Refused(logger, operation, keyId, EcsErrorTypes.SerializationException, "body is not the operation's JSON");
            return Error(EcsErrorTypes.SerializationException, "The request body is not valid JSON for " + operation + ".", 400);
        }
        catch (KubeInvalidException ex)
        {
            // The API server's validation (the CRD schema): the caller's input.
            Refused(logger, operation, keyId, EcsErrorTypes.InvalidParameter, ex.Message);
            return Error(EcsErrorTypes.InvalidParameter, ex.Message, 400);
        }
        catch (KubeConflictException ex)
        {
            Refused(logger, operation, keyId, EcsErrorTypes.Client, ex.Message);
            return Error(EcsErrorTypes.Client, "The resource changed while the request ran; retry. " + ex.Message, 400);
        }
        catch (KubeNotFoundException)
        {
            // Gone between a check and the write (a deleted namespace or object).
            return Error(EcsErrorTypes.Client, "The resource no longer exists.", 400);
        }
        catch (Exception ex) when (ex is KubeException or HttpRequestException)
        {
            Failed(logger, operation, keyId, ex.Message);
            return Error(EcsErrorTypes.Server, "EcsBridge could not complete the request against the Kubernetes API; retry.", 500);
        }
    }

    private static async Task<byte[]> DispatchAsync(EcsApiCall call, byte[] body, CancellationToken cancellationToken)
    {
        var c = EcsApiJsonContext.Default;
        return call.Operation switch
        {
            "CreateCluster" => Write(await ClusterOperations.CreateAsync(call, Read(body, c.CreateClusterRequest), cancellationToken).ConfigureAwait(false), c.ClusterResponse),
            "DescribeClusters" => Write(await ClusterOperations.DescribeManyAsync(call, Read(body, c.DescribeClustersRequest), cancellationToken).ConfigureAwait(false), c.DescribeClustersResponse),
            "ListClusters" => Write(await ClusterOperations.ListAsync(call, Read(body, c.ListClustersRequest), cancellationToken).ConfigureAwait(false), c.ListClustersResponse),
            "DeleteCluster" => Write(await ClusterOperations.DeleteAsync(call, Read(body, c.DeleteClusterRequest), cancellationToken).ConfigureAwait(false), c.ClusterResponse),
            "RegisterTaskDefinition" => Write(await TaskDefinitionOperations.RegisterAsync(call, RequireBody(body, ApiJsonContext.Default.EcsTaskDefinitionSpec), cancellationToken).ConfigureAwait(false), c.TaskDefinitionResponse),
            "DescribeTaskDefinition" => Write(await TaskDefinitionOperations.DescribeAsync(call, Read(body, c.DescribeTaskDefinitionRequest), cancellationToken).ConfigureAwait(false), c.TaskDefinitionResponse),
            "DeregisterTaskDefinition" => Write(await TaskDefinitionOperations.DeregisterAsync(call, Read(body, c.DeregisterTaskDefinitionRequest), cancellationToken).ConfigureAwait(false), c.TaskDefinitionResponse),
            "ListTaskDefinitions" => Write(await TaskDefinitionOperations.ListAsync(call, Read(body, c.ListTaskDefinitionsRequest), cancellationToken).ConfigureAwait(false), c.ListTaskDefinitionsResponse),
            "ListTaskDefinitionFamilies" => Write(await TaskDefinitionOperations.ListFamiliesAsync(call, Read(body, c.ListTaskDefinitionFamiliesRequest), cancellationToken).ConfigureAwait(false), c.ListTaskDefinitionFamiliesResponse),
            "CreateService" => Write(await ServiceOperations.CreateAsync(call, RequireBody(body, ApiJsonContext.Default.EcsServiceSpec), cancellationToken).ConfigureAwait(false), c.ServiceResponse),
            "UpdateService" => Write(await ServiceOperations.UpdateAsync(call, Read(body, c.UpdateServiceRequest), cancellationToken).ConfigureAwait(false), c.ServiceResponse),
            "DescribeServices" => Write(await ServiceOperations.DescribeAsync(call, Read(body, c.DescribeServicesRequest), cancellationToken).ConfigureAwait(false), c.DescribeServicesResponse),
            "ListServices" => Write(await ServiceOperations.ListAsync(call, Read(body, c.ListServicesRequest), cancellationToken).ConfigureAwait(false), c.ListServicesResponse),
            "DeleteService" => Write(await ServiceOperations.DeleteAsync(call, Read(body, c.DeleteServiceRequest), cancellationToken).ConfigureAwait(false), c.ServiceResponse),
            "RunTask" => Write(await TaskOperations.RunAsync(call, RequireBody(body, c.RunTaskRequest), cancellationToken).ConfigureAwait(false), c.RunTaskResponse),
            "DescribeTasks" => Write(await TaskOperations.DescribeAsync(call, Read(body, c.DescribeTasksRequest), cancellationToken).ConfigureAwait(false), c.DescribeTasksResponse),
            "ListTasks" => Write(await TaskOperations.ListAsync(call, Read(body, c.ListTasksRequest), cancellationToken).ConfigureAwait(false), c.ListTasksResponse),
            "StopTask" => Write(await TaskOperations.StopAsync(call, Read(body, c.StopTaskRequest), cancellationToken).ConfigureAwait(false), c.StopTaskResponse),
            "StartTask" => Write(await TaskOperations.StartAsync().ConfigureAwait(false), c.EmptyResponse),
            "TagResource" => Write(await TagOperations.TagAsync(call, Read(body, c.TagResourceRequest), cancellationToken).ConfigureAwait(false), c.EmptyResponse),
            "UntagResource" => Write(await TagOperations.UntagAsync(call, Read(body, c.UntagResourceRequest), cancellationToken).ConfigureAwait(false), c.EmptyResponse),
            "ListTagsForResource" => Write(await TagOperations.ListAsync(call, Read(body, c.ListTagsForResourceRequest), cancellationToken).ConfigureAwait(false), c.ListTagsForResourceResponse),
            _ when NotYetServed.Contains(call.Operation) => throw EcsApiException.Client($"{call.Operation} is not yet served by the EcsBridge ECS API."),
            _ => throw EcsApiException.Client($"{call.Operation} is not supported by the EcsBridge ECS API."),
        };
    }

    /// <summary>An absent or empty body is the empty request, as ECS treats it.</summary>
    private static T Read<T>(byte[] body, JsonTypeInfo<T> typeInfo) where T : new() =>
        body.Length == 0 ? new T() : JsonSerializer.Deserialize(body, typeInfo) ?? new T();

    private static T RequireBody<T>(byte[] body, JsonTypeInfo<T> typeInfo) =>
        (body.Length == 0 ? default : JsonSerializer.Deserialize(body, typeInfo))
        ?? throw EcsApiException.InvalidParameter("The request body is required.");

    private static byte[] Write<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    private static EcsHttpResponse Error(string type, string message, int status, IReadOnlyList<string>? resourceIds = null) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(new ErrorShape(type, message, resourceIds), EcsApiJsonContext.Default.ErrorShape));

    [LoggerMessage(EventIdRanges.EcsApi + 1, LogLevel.Debug, "ECS API {Operation} served for key {AccessKeyId}")]
    private static partial void Served(ILogger logger, string operation, string accessKeyId);

    [LoggerMessage(EventIdRanges.EcsApi + 2, LogLevel.Information, "ECS API {Operation} refused for key {AccessKeyId}: {ErrorType}: {Reason}")]
    private static partial void Refused(ILogger logger, string operation, string accessKeyId, string errorType, string reason);

    [LoggerMessage(EventIdRanges.EcsApi + 3, LogLevel.Warning, "ECS API {Operation} failed for key {AccessKeyId}: {Error}")]
    private static partial void Failed(ILogger logger, string operation, string accessKeyId, string error);
}
