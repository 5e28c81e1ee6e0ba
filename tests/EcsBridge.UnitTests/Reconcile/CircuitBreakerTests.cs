using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Reconcile.Services;

namespace EcsBridge.UnitTests.Reconcile;

/// <summary>ECS's deployment circuit breaker as a pure decision over the service and the status just computed.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static EcsService Service(bool enable = true, bool rollback = true) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 7 },
        Spec = new EcsServiceSpec
        {
            TaskDefinition = "web",
            DeploymentConfiguration = new DeploymentConfiguration { DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = enable, Rollback = rollback } },
        },
    };

    private static EcsServiceStatus Status(string state, string? lastCompleted = "web:2", ServiceRollback? rollback = null) => new()
    {
        TaskDefinition = "web:3",
        LastCompletedTaskDefinition = lastCompleted,
        Rollback = rollback,
        Deployments = [new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = state }],
    };

    [Fact]
    public void A_failed_rollout_with_rollback_on_goes_back_to_the_last_completed_revision()
    {
        var decision = CircuitBreaker.Decide(Service(), Status(RolloutStates.Failed), "web:3", Now);

        decision.ShouldNotBeNull();
        decision.FromTaskDefinition.ShouldBe("web:3");
        decision.ToTaskDefinition.ShouldBe("web:2");
        decision.Generation.ShouldBe(7);
        decision.At.ShouldBe(Now);
    }

    [Theory]
    [InlineData(RolloutStates.InProgress)]
    [InlineData(RolloutStates.Completed)]
    public void A_rollout_that_has_not_failed_does_not_trip(string state) =>
        CircuitBreaker.Decide(Service(), Status(state), "web:3", Now).ShouldBeNull();

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Without_both_enable_and_rollback_a_failure_stays_failed(bool enable, bool rollback) =>
        CircuitBreaker.Decide(Service(enable, rollback), Status(RolloutStates.Failed), "web:3", Now).ShouldBeNull();

    [Fact]
    public void Nothing_completed_before_means_nowhere_to_go_back_to() =>
        CircuitBreaker.Decide(Service(), Status(RolloutStates.Failed, lastCompleted: null), "web:3", Now).ShouldBeNull();

    [Fact]
    public void The_failed_revision_being_the_last_completed_one_does_not_trip() =>
        CircuitBreaker.Decide(Service(), Status(RolloutStates.Failed, lastCompleted: "web:3"), "web:3", Now).ShouldBeNull();

    [Fact]
    public void A_rollback_already_in_force_is_not_decided_again()
    {
        var inForce = new ServiceRollback { FromTaskDefinition = "web:4", ToTaskDefinition = "web:3", Generation = 7 };

        CircuitBreaker.Decide(Service(), Status(RolloutStates.Failed, rollback: inForce), "web:3", Now).ShouldBeNull();
    }
}
