using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>
/// The live managed heap of the operator process, by type: a heap dump written through the runtime's diagnostics
/// port, then walked with ClrMD from the GC roots, so only reachable objects count (garbage the GC has not yet
/// collected is left out, which is what a forced full collection would leave). Needs a JIT or ReadyToRun operator
/// (a Native AOT process has neither the diagnostics port nor the data access layer ClrMD reads); benchmark-only.
/// </summary>
internal sealed record HeapCensus(long LiveBytes, long LiveObjects, long AllBytes, IReadOnlyDictionary<string, (long Count, long Bytes)> ByType)
{
    public static HeapCensus? TryTake(int pid, string directory, TextWriter log)
    {
        var path = Path.Combine(directory, $"heap-{pid}-{DateTime.UtcNow:HHmmss}.dmp");
        try
        {
            new DiagnosticsClient(pid).WriteDump(DumpType.WithHeap, path, logDumpGeneration: false);
            using var target = DataTarget.LoadDump(path);
            // The operator runs on the same shared runtime as this program: its DAC is beside CoreLib (ClrMD does not
            // find it on its own from a Linux dump).
            var dac = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libmscordaccore.so");
            using var runtime = File.Exists(dac) ? target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true) : target.ClrVersions[0].CreateRuntime();
            return Walk(runtime.Heap);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or DiagnosticsClientException or IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            log.WriteLine($"heap census of pid {pid} not taken ({ex.GetType().Name}: {ex.Message}); it needs a JIT operator (unset ECSBRIDGE_BENCH_OPERATOR_DIR)");
            return null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static HeapCensus Walk(ClrHeap heap)
    {
        var marked = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
        {
            if (root.Object.Address != 0)
            {
                pending.Push(root.Object.Address);
            }
        }
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        long bytes = 0, count = 0;
        while (pending.TryPop(out var address))
        {
            if (!marked.Add(address))
            {
                continue;
            }
            var obj = heap.GetObject(address);
            if (!obj.IsValid)
            {
                continue;
            }
            var size = (long)obj.Size;
            var name = obj.Type?.Name ?? "?";
            byType[name] = byType.TryGetValue(name, out var seen) ? (seen.Count + 1, seen.Bytes + size) : (1, size);
            bytes += size;
            count++;
            foreach (var reference in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            {
                if (reference != 0 && !marked.Contains(reference))
                {
                    pending.Push(reference);
                }
            }
        }
        long all = 0;
        foreach (var obj in heap.EnumerateObjects())
        {
            all += (long)obj.Size;
        }
        return new HeapCensus(bytes, count, all, byType);
    }

    /// <summary>The types that grew most from <paramref name="before"/> to this census, largest first.</summary>
    public IEnumerable<(string Type, long Count, long Bytes)> GrowthSince(HeapCensus before, int top) =>
        ByType.Select(p =>
            {
                var (count, bytes) = before.ByType.TryGetValue(p.Key, out var b) ? b : (0L, 0L);
                return (Type: p.Key, Count: p.Value.Count - count, Bytes: p.Value.Bytes - bytes);
            })
            .OrderByDescending(t => t.Bytes)
            .Take(top);
}
