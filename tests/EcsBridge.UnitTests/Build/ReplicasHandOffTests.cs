using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Build;

/// <summary>The replicas hand-off to an HPA about to take over: when, which count, and the exact partial body.</summary>
public sealed class ReplicasHandOffTests
{
    private static DesiredState Build(bool autoscaled, bool daemon = false) => DesiredStateBuilder.Build(
        new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new EcsServiceSpec
            {
                TaskDefinition = "web",
                DesiredCount = 3,
                SchedulingStrategy = daemon ? "DAEMON" : null,
                AutoScaling = autoscaled
                    ? new ServiceAutoScaling
                    {
                        MinCapacity = 2,
                        MaxCapacity = 6,
                        TargetTrackingPolicies = [new TargetTrackingScalingPolicy { PredefinedMetricType = "ECSServiceAverageCPUUtilization", TargetValue = 50 }],
                    }
                    : null,
            },
        },
        new ResolvedTaskDefinition("web", 1, new EcsTaskDefinitionSpec
        {
            ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "nginx", Cpu = 256, Memory = 512 }],
        }));

    [Fact]
    public void Needed_only_while_the_desired_HPA_does_not_exist_yet()
    {
        ReplicasHandOff.Needed(Build(autoscaled: true), hpaExists: false).ShouldBeTrue();
        ReplicasHandOff.Needed(Build(autoscaled: true), hpaExists: true).ShouldBeFalse();
        ReplicasHandOff.Needed(Build(autoscaled: false), hpaExists: false).ShouldBeFalse();
    }

    [Theory]
    [InlineData(4, 3, 4)]   // the live count is kept
    [InlineData(null, 3, 3)] // a new Deployment starts at desiredCount
    [InlineData(1, 3, 2)]   // raised to the HPA's minimum
    [InlineData(9, 3, 6)]   // lowered to its maximum
    [InlineData(null, null, 2)]
    public void The_count_held_is_the_current_one_within_the_HPAs_bounds(int? live, int? desiredCount, int expected) =>
        ReplicasHandOff.Replicas(Build(autoscaled: true), live, desiredCount).ShouldBe(expected);

    [Fact]
    public void The_body_sets_only_spec_replicas()
    {
        ReplicasHandOff.Body("shop", "web", 4).ToJsonString()
            .ShouldBe("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":4}}""");
        ReplicasHandOff.FieldManager.ShouldBe("ecsbridge-replicas-handoff");
    }
}
