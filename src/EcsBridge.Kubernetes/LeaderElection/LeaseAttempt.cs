using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Kubernetes.LeaderElection;

/// <summary>The outcome of one try to acquire or renew: we hold the Lease, another replica does, or the try failed
/// with <see cref="Error"/>.</summary>
internal readonly record struct LeaseAttempt(bool Held, Exception? Error)
{
    public static LeaseAttempt Ours => new(true, null);

    public static LeaseAttempt HeldByOther => new(false, null);

    public static LeaseAttempt Failed(Exception error) => new(false, error);

    /// <summary>Errors that another try may not see: the API server busy, away or racing us. Everything else —
    /// Forbidden, Unauthorized, NotFound (no namespace), an invalid object, a body that is not a Lease — will
    /// fail the same way again.</summary>
    public static bool IsTransient(Exception error) => error is KubeConflictException or KubeAlreadyExistsException
        or KubeConnectionException or KubeServerErrorException or KubeTooManyRequestsException
        or HttpRequestException or IOException or TimeoutException or OperationCanceledException;
}
