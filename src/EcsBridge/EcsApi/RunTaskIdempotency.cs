using System.Security.Cryptography;
using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>
/// RunTask's <c>clientToken</c>, as ECS's "Ensuring idempotency": a second RunTask with the same token and the same
/// parameters returns the tasks the first one started and starts none; the same token with other parameters is
/// ECS's <c>ConflictException</c> with the first call's task ARNs as <c>resourceIds</c>. Nothing is kept in the
/// operator: the EcsTask a token started carries the token's hash as a label and the request's hash as an
/// annotation, so the answer holds across restarts and replicas, for as long as that EcsTask exists (until
/// <c>--stopped-task-ttl</c> after its tasks stopped). Tokens are per cluster (a namespace).
/// </summary>
internal static class RunTaskIdempotency
{
    /// <summary>Label on the EcsTask: the first 32 hex digits of the token's SHA-256 (a label value holds 63 characters,
    /// a token 64, and the token itself need not be a valid label value).</summary>
    public const string TokenLabel = "ecsbridge.io/client-token";

    /// <summary>Annotation on the EcsTask: the SHA-256 of the request's parameters (token left out).</summary>
    public const string RequestAnnotation = "ecsbridge.io/run-task-request";

    /// <summary>ECS: up to 64 characters, each in the range 33–126.</summary>
    public static void Validate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > 64 || token.Any(c => c is < (char)33 or > (char)126))
        {
            throw EcsApiException.InvalidParameter("clientToken must be 1 to 64 characters in the range 33-126.");
        }
    }

    public static string TokenKey(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..32];

    /// <summary>The request as sent, in the cluster it resolved to, without the token: equal parameters give equal hashes.</summary>
    public static string RequestHash(RunTaskRequest request, string cluster)
    {
        ArgumentNullException.ThrowIfNull(request);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(request with { ClientToken = null, Cluster = cluster }, EcsApiJsonContext.Default.RunTaskRequest);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>The EcsTask an earlier RunTask with this token started in the cluster, if it is still there.</summary>
    public static async Task<EcsTask?> FindAsync(EcsApiCall call, string cluster, string token, CancellationToken cancellationToken)
    {
        var tasks = await call.Client.ListAllAsync(OperatorResources.EcsTasks, cluster, ApiJsonContext.Default.EcsTask,
            new ListOptions { LabelSelector = TokenLabel + "=" + TokenKey(token), SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        return tasks.Items.Where(t => t.Metadata.DeletionTimestamp is null).OrderBy(t => t.Metadata.CreationTimestamp).FirstOrDefault();
    }

    /// <summary>ECS's answer to the same token with other parameters.</summary>
    public static EcsApiException Conflict(IReadOnlyList<string> taskArns) =>
        new(EcsErrorTypes.Conflict,
            "The RunTask request could not be processed due to conflicts. The provided clientToken is already in use with a different RunTask request. "
            + "The resourceIds are the existing task ARNs which are already associated with the clientToken.", taskArns);
}
