namespace EcsBridge.Core.Build;

/// <summary>ECS deployment arithmetic expressed as Kubernetes integers. ECS allows at most floor(D·max/100) tasks and
/// keeps at least ceil(D·min/100) healthy; Kubernetes would round a surge percentage up, so whole numbers are written
/// and recomputed whenever the desired count changes.</summary>
internal static class RolloutMath
{
    public const int DefaultMaximumPercent = 200;
    public const int DefaultMinimumHealthyPercent = 100;

    public static int MaxSurge(int desired, int maximumPercent) =>
        Math.Max(0, (int)((long)desired * maximumPercent / 100) - desired);

    public static int MaxUnavailable(int desired, int minimumHealthyPercent) =>
        Math.Max(0, desired - (int)CeilDiv((long)desired * minimumHealthyPercent, 100));

    /// <summary>maxSurge and maxUnavailable for a rolling update; Kubernetes rejects both at 0, so that case becomes a
    /// surge of 1 and <paramref name="forcedSurge"/> tells the caller to report it.</summary>
    public static (int MaxSurge, int MaxUnavailable) Strategy(
        int desired, int maximumPercent, int minimumHealthyPercent, out bool forcedSurge)
    {
        var surge = MaxSurge(desired, maximumPercent);
        var unavailable = MaxUnavailable(desired, minimumHealthyPercent);
        forcedSurge = surge == 0 && unavailable == 0;
        return forcedSurge ? (1, 0) : (surge, unavailable);
    }

    public static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;
}
