using System.Globalization;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>A process's resident set now (VmRSS) and at its peak so far (VmHWM), from /proc/&lt;pid&gt;/status.</summary>
internal sealed record ProcessMemory(long RssBytes, long PeakRssBytes)
{
    public static ProcessMemory? Read(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }
            return new ProcessMemory(rss, peak);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', '\t').Where(p => p.Length > 0).ElementAt(1), CultureInfo.InvariantCulture) * 1024;
}
