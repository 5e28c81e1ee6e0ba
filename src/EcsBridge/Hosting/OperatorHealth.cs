namespace EcsBridge.Hosting;

/// <summary>What /healthz and /readyz report: live while the watches run, ready once every cache has synced.</summary>
internal sealed class OperatorHealth
{
    private volatile bool _synced;
    private volatile string? _unhealthyReason;

    public bool IsReady => _synced && _unhealthyReason is null;

    public string? UnhealthyReason => _unhealthyReason;

    public void MarkSynced() => _synced = true;

    public void MarkUnhealthy(string reason) => _unhealthyReason = reason;

    public void MarkHealthy() => _unhealthyReason = null;
}
