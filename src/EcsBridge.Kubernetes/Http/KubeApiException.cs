using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>The API server refused a request. <see cref="Status"/> is its own explanation; the subclasses
/// (<see cref="KubeNotFoundException"/>, <see cref="KubeConflictException"/>, …) let callers catch by meaning.</summary>
public class KubeApiException : KubeException
{
    public KubeApiException(HttpStatusCode statusCode, Status status, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public Status Status { get; }

    public string? Reason => Status.Reason;

    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];

    public bool IsNotFound => this is KubeNotFoundException;

    public bool IsConflict => this is KubeConflictException;

    public bool IsGone => this is KubeGoneException;

    /// <summary>Picks the subclass matching the status code and reason.</summary>
    public static KubeApiException Create(HttpStatusCode code, Status status, string operation)
    {
        var reason = status.Reason;
        var message = $"{operation}: {status.Message ?? reason ?? code.ToString()} ({(int)code}{(reason is null ? "" : " " + reason)})";
        return (int)code switch
        {
            400 when reason is not ("Expired" or "Gone") => new KubeBadRequestException(code, status, message),
            404 => new KubeNotFoundException(code, status, message),
            409 when reason == "AlreadyExists" => new KubeAlreadyExistsException(code, status, message),
            409 => new KubeConflictException(code, status, message),
            422 => new KubeInvalidException(code, status, message),
            403 => new KubeForbiddenException(code, status, message),
            401 => new KubeUnauthorizedException(code, status, message),
            410 => new KubeGoneException(code, status, message),
            429 => new KubeTooManyRequestsException(code, status, message),
            >= 500 => new KubeServerErrorException(code, status, message),
            _ when reason is "Expired" or "Gone" => new KubeGoneException(code, status, message),
            _ => new KubeApiException(code, status, message),
        };
    }
}
