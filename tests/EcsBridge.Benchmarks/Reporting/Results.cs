namespace EcsBridge.Benchmarks.Reporting;

// The figures one run produces; serialized as artifacts/bench/results.json (BenchJsonContext) and rendered as
// Markdown (MarkdownReport). Null means "not measured in this run".

internal sealed record MachineInfo
{
    public required int Cores { get; init; }
    public required double MemoryGiB { get; init; }
    public required string Cpu { get; init; }
    public required string Os { get; init; }
    public required string Dotnet { get; init; }
    public string? Kubernetes { get; init; }
    public string? OperatorGc { get; init; }
}

internal sealed record ConvergenceResult
{
    public required int Services { get; init; }
    public required int Namespaces { get; init; }
    /// <summary>Deployments + Services + HPAs.</summary>
    public required int Children { get; init; }
    public required int Concurrency { get; init; }
    /// <summary>First EcsService write → every child seen with its expected applied hash.</summary>
    public required double OperatorSeconds { get; init; }
    /// <summary>How long the "user" took to apply the task definitions and services (inside OperatorSeconds).</summary>
    public required double UserApplySeconds { get; init; }
    /// <summary>First child apply → every child seen (pre-rendered server-side apply, same client settings).</summary>
    public double? BaselineSeconds { get; init; }
    public double? BaselineApplySeconds { get; init; }
    public double? Ratio { get; init; }
    /// <summary>Operator requests during convergence, by verb.</summary>
    public required IReadOnlyDictionary<string, long> OperatorRequests { get; init; }
    public double? ChildrenPerSecond { get; init; }
    /// <summary>Ladder 1 (a): the user's last apply answered → every child converged.</summary>
    public double? TailSeconds { get; init; }
    /// <summary>TailSeconds / BaselineSeconds.</summary>
    public double? TailRatio { get; init; }
    /// <summary>Ladder 1 (b): the operator's write requests during convergence (Events included).</summary>
    public long? Writes { get; init; }
    /// <summary>What ECS semantics need: the children, one revision and one status per task definition, one status per service.</summary>
    public long? MinimumWrites { get; init; }
}

internal sealed record LatencyResult
{
    public required int IdleServices { get; init; }
    public required int Samples { get; init; }
    public required int TimedOut { get; init; }
    public required double P50Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double MaxMs { get; init; }
    public required double DesiredCountP50Ms { get; init; }
    public required double DesiredCountP99Ms { get; init; }
    public required double ImageP50Ms { get; init; }
    public required double ImageP99Ms { get; init; }
}

internal sealed record QuietResult
{
    public required int Services { get; init; }
    public required int WindowSeconds { get; init; }
    public required double SettleSeconds { get; init; }
    public required long Writes { get; init; }
    /// <summary>Every request in the window, by verb (reads included).</summary>
    public required IReadOnlyDictionary<string, long> Requests { get; init; }
}

internal sealed record FootprintResult
{
    public required int Services { get; init; }
    public required int Namespaces { get; init; }
    /// <summary>Objects in the operator's caches: services, task definitions, revisions, Deployments, Services, HPAs.</summary>
    public required int CachedObjects { get; init; }
    /// <summary>RSS once /readyz answered, before any service existed.</summary>
    public double? IdleRssMiB { get; init; }
    public required double PeakRssMiB { get; init; }
    public required double SteadyRssMiB { get; init; }
    public required double PeakHeapMiB { get; init; }
    public required double SteadyHeapMiB { get; init; }
    public double? ConvergenceSeconds { get; init; }
}

internal sealed record StartupResult
{
    public required int Services { get; init; }
    public double? ToStartingMs { get; init; }
    public double? ToCachesSyncedMs { get; init; }
    public double? ToFirstReconcileMs { get; init; }
    public double? ToAllReconciledMs { get; init; }
    public required int Reconciled { get; init; }
    public required long Writes { get; init; }
    public double? RssAfterMiB { get; init; }
}

/// <summary>Ladder 5: services with real tasks on a local node, from the first apply to every task running and Ready,
/// against the same Deployments and Services applied directly on the same node.</summary>
internal sealed record RealTaskResult
{
    public required int Services { get; init; }
    public required int TasksPerService { get; init; }
    /// <summary>First user apply → every service's Deployment reports all its tasks Ready.</summary>
    public required double OperatorSeconds { get; init; }
    public required double OperatorApplySeconds { get; init; }
    /// <summary>First apply of the pre-rendered children → every Deployment reports all its tasks Ready.</summary>
    public required double BaselineSeconds { get; init; }
    public required double BaselineApplySeconds { get; init; }
    /// <summary>First apply → every Deployment and Service exists with its expected applied hash, per run.</summary>
    public required double OperatorChildrenSeconds { get; init; }
    public required double BaselineChildrenSeconds { get; init; }
    public required double Ratio { get; init; }
}

internal sealed record RenderResult
{
    public required string Case { get; init; }
    public required string Method { get; init; }
    public required int ObjectsPerRender { get; init; }
    public required double MeanMicroseconds { get; init; }
    public required double RendersPerSecond { get; init; }
    public required double ObjectsPerSecond { get; init; }
    public long? AllocatedBytesPerRender { get; init; }
}

internal sealed record TargetResult(string Name, string Target, string Measured, bool? Met);

internal sealed record BenchReport
{
    public required DateTimeOffset StartedAt { get; init; }
    public required string Arguments { get; init; }
    public required MachineInfo Machine { get; set; }
    public double DurationSeconds { get; set; }
    public List<ConvergenceResult> Convergence { get; } = [];
    public LatencyResult? Latency { get; set; }
    public QuietResult? Quiet { get; set; }
    public List<FootprintResult> Footprint { get; } = [];
    public double? FootprintSlopeMiBPer1000Services { get; set; }
    public double? FootprintSlopeMiBPer1000Objects { get; set; }
    public List<StartupResult> Startup { get; } = [];
    public RealTaskResult? RealTasks { get; set; }
    public List<RenderResult> Render { get; } = [];
    public List<TargetResult> Targets { get; } = [];
    public List<string> Notes { get; } = [];
}
