using System.Globalization;
using System.Text.Json;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>Reads the operator's JSON log (timestamps in UTC, to the millisecond) for the start-up milestones:
/// "Starting operator" (1000), "Caches synced" (1001) and each "Reconciled" (2001, debug level).</summary>
internal sealed record StartupLog(DateTimeOffset? Starting, DateTimeOffset? CachesSynced, DateTimeOffset? FirstReconciled,
    DateTimeOffset? LastReconciled, int ServicesReconciled)
{
    public static StartupLog Read(string path, int expectedServices)
    {
        DateTimeOffset? starting = null, synced = null, first = null, last = null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (!root.TryGetProperty("EventId", out var idElement) || !root.TryGetProperty("Timestamp", out var tsElement))
                {
                    continue;
                }
                var id = idElement.GetInt32();
                var at = DateTimeOffset.Parse(tsElement.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                switch (id)
                {
                    case 1000:
                        starting ??= at;
                        break;
                    case 1001:
                        synced ??= at;
                        break;
                    case 2001 when root.TryGetProperty("State", out var state)
                                   && state.TryGetProperty("Controller", out var controller) && controller.GetString() == "ecsservice":
                        first ??= at;
                        if (state.TryGetProperty("Key", out var key) && keys.Add(key.GetString()!) && keys.Count == expectedServices)
                        {
                            last = at;
                        }
                        break;
                }
            }
            catch (JsonException)
            {
                // A line cut by a concurrent write; the next read sees it whole.
            }
        }
        return new StartupLog(starting, synced, first, last, keys.Count);
    }
}
