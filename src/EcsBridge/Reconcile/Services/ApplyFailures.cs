using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Reconcile.Services;

/// <summary>A failure while applying the children that the status reports, and how the reconcile then ends.</summary>
internal sealed record ApplyFailure(ServiceProblem Problem, ReconcileResult Result);

/// <summary>
/// Which failures of the apply phase are the service's condition rather than a crash, pure. By type, never by status
/// code:
/// <list type="bullet">
/// <item>a foreign object in a child's place → ChildConflict, retried with backoff: the user may delete it, and
/// nothing we watch tells us;</item>
/// <item>the API server refuses what we built (422 invalid, 400 bad request) → ApplyFailed, terminal: the same body
/// fails the same way until the spec changes, and that change enqueues the service;</item>
/// <item>403 forbidden → ApplyFailed, looked at again in a minute: RBAC may be fixed, and RBAC is not watched.</item>
/// </list>
/// Anything else (5xx, 429, connection, a stale cache) is transient: null here, so it is thrown and retried with
/// backoff.
/// </summary>
internal static class ApplyFailures
{
    public static readonly TimeSpan ForbiddenRecheck = TimeSpan.FromMinutes(1);

    public static ApplyFailure? Classify(Exception exception) => exception switch
    {
        ChildConflictException conflict => new(new ServiceProblem(ConditionReasons.ChildConflict, conflict.Message), ReconcileResult.Retry),
        KubeInvalidException or KubeBadRequestException =>
            new(new ServiceProblem(ConditionReasons.ApplyFailed, exception.Message), ReconcileResult.Terminal(exception.Message)),
        KubeForbiddenException => new(new ServiceProblem(ConditionReasons.ApplyFailed, exception.Message), ReconcileResult.After(ForbiddenRecheck)),
        _ => null,
    };
}
