namespace EcsBridge.Kubernetes.LeaderElection;

/// <summary>Lease timings default to the values client-go and controller-runtime use: 15 s lease, 10 s renew
/// deadline, 2 s retry.</summary>
public sealed record LeaseElectorOptions
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>Unique per replica, e.g. the pod name plus a random suffix.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease back on a clean stop so another replica takes over within one retry.</summary>
    public bool ReleaseOnStop { get; init; } = true;
}
