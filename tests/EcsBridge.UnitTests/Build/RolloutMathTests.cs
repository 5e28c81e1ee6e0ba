using EcsBridge.Core.Build;

namespace EcsBridge.UnitTests.Build;

public sealed class RolloutMathTests
{
    // desired, maximumPercent, minimumHealthyPercent → maxSurge, maxUnavailable, forced
    [Theory]
    [InlineData(1, 200, 100, 1, 0, false)]
    [InlineData(2, 200, 100, 2, 0, false)]
    [InlineData(3, 150, 100, 1, 0, false)] // floor(4.5) = 4 tasks at most; Kubernetes' 50% would allow 5
    [InlineData(3, 200, 50, 3, 1, false)]  // ceil(1.5) = 2 must stay healthy
    [InlineData(4, 125, 75, 1, 1, false)]
    [InlineData(5, 110, 90, 1, 0, true)]   // floor(5.5) − 5 = 0 and 5 − ceil(4.5) = 0 → forced surge of 1
    [InlineData(10, 110, 90, 1, 1, false)]
    [InlineData(3, 100, 100, 1, 0, true)]
    [InlineData(3, 100, 0, 0, 3, false)]
    [InlineData(3, 100, 50, 0, 1, false)]
    [InlineData(0, 200, 100, 1, 0, true)]
    [InlineData(7, 133, 67, 2, 2, false)]  // floor(9.31) = 9 → 2; ceil(4.69) = 5 → 2
    public void Ecs_percentages_become_whole_surge_and_unavailable_counts(
        int desired, int maximumPercent, int minimumHealthyPercent, int expectedSurge, int expectedUnavailable, bool expectedForced)
    {
        var (surge, unavailable) = RolloutMath.Strategy(desired, maximumPercent, minimumHealthyPercent, out var forced);

        surge.ShouldBe(expectedSurge);
        unavailable.ShouldBe(expectedUnavailable);
        forced.ShouldBe(expectedForced);
    }

    [Theory]
    [InlineData(3, 50, 0)]
    [InlineData(3, 100, 0)]
    [InlineData(3, 250, 4)]
    public void Surge_never_goes_below_zero(int desired, int maximumPercent, int expected) =>
        RolloutMath.MaxSurge(desired, maximumPercent).ShouldBe(expected);

    [Theory]
    [InlineData(3, 100, 0)]
    [InlineData(3, 150, 0)]
    [InlineData(3, 0, 3)]
    [InlineData(3, 34, 1)]
    public void Unavailable_never_goes_below_zero(int desired, int minimumHealthyPercent, int expected) =>
        RolloutMath.MaxUnavailable(desired, minimumHealthyPercent).ShouldBe(expected);
}
