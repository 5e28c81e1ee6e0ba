using EcsBridge.Api.Services;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// The shares of production traffic a LINEAR or CANARY deployment passes through, and how long each lasts. LINEAR
/// with stepPercent s: s, 2s, … up to 100, each for stepBakeTimeInMinutes. CANARY with canaryPercent c: c for
/// canaryBakeTimeInMinutes, then 100. ECS's defaults apply when a setting is absent (LINEAR 10 % every 6 minutes,
/// CANARY 5 % for 10 minutes).
/// </summary>
public sealed record TrafficShiftSchedule(IReadOnlyList<double> Percents, TimeSpan Interval)
{
    public const double DefaultStepPercent = 10;
    public const int DefaultStepBakeMinutes = 6;
    public const double DefaultCanaryPercent = 5;
    public const int DefaultCanaryBakeMinutes = 10;

    /// <summary>One step straight to 100 % (a rollback).</summary>
    public static TrafficShiftSchedule AllAtOnce { get; } = new([100], TimeSpan.Zero);

    public static TrafficShiftSchedule Linear(LinearConfiguration? configuration)
    {
        var step = Clamp(configuration?.StepPercent ?? DefaultStepPercent);
        var percents = new List<double>();
        // Multiples of the step below 100 (with a tolerance for 33.3 × 3), then 100.
        for (var share = step; share < 100 - 1e-9; share += step)
        {
            percents.Add(Math.Round(share, 3));
        }
        percents.Add(100);
        return new TrafficShiftSchedule(percents, TimeSpan.FromMinutes(configuration?.StepBakeTimeInMinutes ?? DefaultStepBakeMinutes));
    }

    public static TrafficShiftSchedule Canary(CanaryConfiguration? configuration)
    {
        var share = Clamp(configuration?.CanaryPercent ?? DefaultCanaryPercent);
        return new TrafficShiftSchedule(share >= 100 ? [100] : [share, 100],
            TimeSpan.FromMinutes(configuration?.CanaryBakeTimeInMinutes ?? DefaultCanaryBakeMinutes));
    }

    /// <summary>
    /// The tasks of the new and the previous revision for a share of <paramref name="desiredCount"/>: the new one gets
    /// the share rounded to whole tasks, at least one; below 100 % the previous revision keeps at least one task, so
    /// both serve (with one task, a step runs 1 + 1). The Service splits by ready tasks, so this is the traffic split.
    /// </summary>
    public static (int Target, int Previous) Split(int desiredCount, double percent)
    {
        var count = Math.Max(0, desiredCount);
        if (percent >= 100)
        {
            return (count, 0);
        }
        var target = Math.Clamp((int)Math.Round(count * percent / 100, MidpointRounding.AwayFromZero), 1, Math.Max(1, count - 1));
        return (target, Math.Max(1, count - target));
    }

    // ECS bounds: the share is above 0 and at most 100.
    private static double Clamp(double percent) => Math.Clamp(percent, 0.1, 100);
}
