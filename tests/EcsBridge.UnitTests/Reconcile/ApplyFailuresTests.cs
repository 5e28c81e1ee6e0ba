using System.Net;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Reconcile;
using EcsBridge.Reconcile.Services;

namespace EcsBridge.UnitTests.Reconcile;

/// <summary>Which apply failures become the service's condition, and how each reconcile ends.</summary>
public sealed class ApplyFailuresTests
{
    private static KubeApiException Refusal(int code, string? reason = null) =>
        KubeApiException.Create((HttpStatusCode)code, new EcsBridge.Kubernetes.Models.Status { Code = code, Reason = reason, Message = "refused" }, "apply deployments probe/mine");

    [Fact]
    public void A_child_conflict_is_retried_with_backoff_and_is_not_terminal()
    {
        var failure = ApplyFailures.Classify(new ChildConflictException("Service probe/mine exists and is not controlled by EcsService mine"))!;

        failure.Problem.Reason.ShouldBe("ChildConflict");
        failure.Problem.Message.ShouldContain("Service probe/mine");
        failure.Result.Backoff.ShouldBeTrue();
        failure.Result.TerminalError.ShouldBeNull();
        failure.Result.RequeueAfter.ShouldBeNull();
    }

    [Theory]
    [InlineData(422, "Invalid")]
    [InlineData(400, "BadRequest")]
    public void A_body_the_server_refuses_is_terminal(int code, string reason)
    {
        var refusal = Refusal(code, reason);
        refusal.ShouldBeAssignableTo<KubeApiException>();

        var failure = ApplyFailures.Classify(refusal)!;

        failure.Problem.Reason.ShouldBe("ApplyFailed");
        failure.Result.TerminalError.ShouldBe(refusal.Message);
        failure.Result.Backoff.ShouldBeFalse();
        failure.Result.RequeueAfter.ShouldBeNull();
    }

    [Fact]
    public void Forbidden_is_looked_at_again_later_because_RBAC_is_not_watched()
    {
        var failure = ApplyFailures.Classify(Refusal(403, "Forbidden"))!;

        failure.Problem.Reason.ShouldBe("ApplyFailed");
        failure.Result.TerminalError.ShouldBeNull();
        failure.Result.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(409, "Conflict")]
    [InlineData(404, "NotFound")]
    public void Transient_failures_are_not_the_services_condition(int code, string reason) =>
        ApplyFailures.Classify(Refusal(code, reason)).ShouldBeNull();

    [Fact]
    public void A_400_is_a_typed_bad_request_and_an_expired_400_stays_gone()
    {
        Refusal(400, "BadRequest").ShouldBeOfType<KubeBadRequestException>();
        Refusal(400, "Expired").ShouldBeOfType<KubeGoneException>();
    }
}
