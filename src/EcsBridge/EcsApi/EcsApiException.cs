namespace EcsBridge.EcsApi;

/// <summary>An ECS error answer: <c>{"__type": Type, "message": Message}</c> with HTTP 400, as ECS's JSON 1.1
/// protocol sends every modelled error (the AWS CLI reads the type from <c>__type</c>).</summary>
internal sealed class EcsApiException(string type, string message, IReadOnlyList<string>? resourceIds = null) : Exception(message)
{
    public string Type { get; } = type;

    /// <summary>ECS's <c>resourceIds</c> member of the error, where its error shape has one (ConflictException).</summary>
    public IReadOnlyList<string>? ResourceIds { get; } = resourceIds;

    public static EcsApiException Client(string message) => new(EcsErrorTypes.Client, message);

    public static EcsApiException InvalidParameter(string message) => new(EcsErrorTypes.InvalidParameter, message);
}

/// <summary>The error types the API answers with (ECS's own names, and the AWS-wide authentication ones).</summary>
internal static class EcsErrorTypes
{
    public const string Client = "ClientException";
    public const string Conflict = "ConflictException";
    public const string InvalidParameter = "InvalidParameterException";
    public const string ClusterNotFound = "ClusterNotFoundException";
    public const string ClusterContainsServices = "ClusterContainsServicesException";
    public const string ServiceNotFound = "ServiceNotFoundException";
    public const string ServiceNotActive = "ServiceNotActiveException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string AccessDenied = "AccessDeniedException";
    public const string Server = "ServerException";
    public const string UnknownOperation = "UnknownOperationException";
    public const string SerializationException = "SerializationException";
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string IncompleteSignature = "IncompleteSignatureException";
}
