namespace EcsBridge.Kubernetes;

/// <summary>
/// The one table of [LoggerMessage] event IDs. Each assembly owns a block and each area a range inside it; a message's
/// ID is its area's start plus an offset, so no two messages in the process share an ID (a unit test reflects over
/// the assemblies and checks both). The operator keeps the IDs its log readers already know (1000 "Starting
/// operator", 1001 "Caches synced", 2001 "Reconciled").
/// </summary>
public static class EventIdRanges
{
    /// <summary>EcsBridge, the operator: 1000–4999.</summary>
    public const int OperatorFirst = 1000;
    public const int OperatorLast = 4999;

    /// <summary>Start-up, caches, shutdown, memory (1000–1099).</summary>
    public const int Runtime = 1000;

    /// <summary>The metrics and health endpoints (1200–1299).</summary>
    public const int Endpoints = 1200;

    /// <summary>The ECS API: requests, refusals, credentials (1400–1499).</summary>
    public const int EcsApi = 1400;

    /// <summary>Reconcile loop (2000–2099).</summary>
    public const int Reconcile = 2000;

    /// <summary>Child apply, prune, revisions, rollouts (3000–3099).</summary>
    public const int Apply = 3000;

    /// <summary>Kubernetes Events the operator records (3100–3199).</summary>
    public const int Events = 3100;

    /// <summary>Leadership as the operator sees it (4000–4099).</summary>
    public const int Leadership = 4000;

    /// <summary>EcsBridge.Kubernetes, the API client: 5000–5999.</summary>
    public const int KubernetesFirst = 5000;
    public const int KubernetesLast = 5999;

    /// <summary>Requests, retries, rate limits (5000–5099).</summary>
    public const int KubeClient = 5000;

    /// <summary>kubeconfig exec credential plugins (5100–5199).</summary>
    public const int ExecCredentials = 5100;

    /// <summary>Informers: list, watch, relist (5200–5299).</summary>
    public const int Informer = 5200;

    /// <summary>Lease-based leader election (5300–5399).</summary>
    public const int LeaseElector = 5300;
}
