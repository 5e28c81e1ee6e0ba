using System.Collections.Concurrent;

namespace EcsBridge.Hosting;

/// <summary>
/// What /healthz and /readyz report. Ready once every cache has synced. Live while every named check passes:
/// checks are either pushed (<see cref="Report"/>: a loop that died says so, and says so again when it is back) or
/// pulled on each probe (<see cref="AddCheck"/>: a watch that has been down too long). /healthz names each failing
/// check, so a restart by the kubelet leaves a reason behind.
/// </summary>
internal sealed class OperatorHealth
{
    private readonly ConcurrentDictionary<string, string> _reported = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<string?>> _probes = new(StringComparer.Ordinal);
    private volatile bool _synced;

    public bool IsReady => _synced;

    public void MarkSynced() => _synced = true;

    /// <summary>Sets the state of the check <paramref name="check"/> (any component may call it, from any thread).</summary>
    public void Report(string check, bool healthy, string? reason = null)
    {
        if (healthy)
        {
            _reported.TryRemove(check, out _);
        }
        else
        {
            _reported[check] = reason ?? "failing";
        }
    }

    /// <summary>Adds a check evaluated on every probe: <paramref name="probe"/> returns null when healthy, else why
    /// not. Disposing the result removes it (and any state reported under the same name).</summary>
    public IDisposable AddCheck(string check, Func<string?> probe)
    {
        _probes[check] = probe;
        return new Removal(this, check);
    }

    /// <summary>Every failing check with its reason, ordered by name; empty when live.</summary>
    public IReadOnlyList<(string Check, string Reason)> Failing()
    {
        var failing = new List<(string, string)>();
        foreach (var (check, reason) in _reported)
        {
            failing.Add((check, reason));
        }
        foreach (var (check, probe) in _probes)
        {
            string? reason;
            try
            {
                reason = probe();
            }
            catch (Exception ex)
            {
                reason = "the check failed: " + ex.Message;
            }
            if (reason is not null)
            {
                failing.Add((check, reason));
            }
        }
        failing.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return failing;
    }

    private sealed class Removal(OperatorHealth health, string check) : IDisposable
    {
        public void Dispose()
        {
            health._probes.TryRemove(check, out _);
            health._reported.TryRemove(check, out _);
        }
    }
}
