using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;
using EcsBridge.Benchmarks.Reporting;

namespace EcsBridge.Benchmarks;

/// <summary>The machine line every result carries: cores, CPU, memory, OS, .NET, Kubernetes, and the GC the
/// operator process runs with (from its runtimeconfig.json, or the project file for a Native AOT executable, and any
/// DOTNET_ GC variables in the environment).</summary>
internal static class MachineProbe
{
    public static MachineInfo Describe(string? kubernetesVersion, string operatorDirectory) => new()
    {
        Cores = Environment.ProcessorCount,
        MemoryGiB = MemTotalBytes() / (1024.0 * 1024 * 1024),
        Cpu = CpuModel(),
        Os = OsName(),
        Dotnet = RuntimeInformation.FrameworkDescription,
        Kubernetes = kubernetesVersion,
        OperatorGc = OperatorGc(operatorDirectory),
    };

    private static long MemTotalBytes()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"');
        return pretty is null ? RuntimeInformation.OSDescription : $"{pretty} (kernel {Environment.OSVersion.Version})";
    }

    /// <summary>"workstation, non-concurrent" and the like, as the operator's runtimeconfig.json sets it.</summary>
    public static string OperatorGc(string operatorDirectory)
    {
        bool? server = null, concurrent = null, tiered = null;
        var path = Path.Combine(operatorDirectory, "ecsbridge.runtimeconfig.json");
        if (File.Exists(path))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.TryGetProperty("runtimeOptions", out var options) && options.TryGetProperty("configProperties", out var properties))
            {
                if (properties.TryGetProperty("System.GC.Server", out var s))
                {
                    server = s.GetBoolean();
                }
                if (properties.TryGetProperty("System.GC.Concurrent", out var c))
                {
                    concurrent = c.GetBoolean();
                }
                if (properties.TryGetProperty("System.Runtime.TieredCompilation", out var t))
                {
                    tiered = t.GetBoolean();
                }
            }
        }
        string build;
        if (!File.Exists(path) && !File.Exists(Path.Combine(operatorDirectory, "ecsbridge.dll")) && File.Exists(Path.Combine(operatorDirectory, "ecsbridge")))
        {
            // A Native AOT executable has no runtimeconfig: its GC settings are compiled in from the project file.
            (server, concurrent) = ProjectGcSettings();
            build = "Native AOT executable (GC settings compiled in from src/EcsBridge/EcsBridge.csproj)";
        }
        else
        {
            build = (File.Exists(Path.Combine(operatorDirectory, "System.Private.CoreLib.dll")) ? "self-contained publish" : "framework-dependent build")
                + $", tiered compilation {(tiered == false ? "off (ReadyToRun code, then fully optimized JIT)" : "on")} (runtimeconfig)";
        }
        var text = $"{(server == true ? "server" : "workstation")}, {(concurrent == false ? "non-concurrent" : "concurrent (background)")}; {build}";
        var overrides = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_gc", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        return overrides.Count == 0 ? text + "; no DOTNET_GC* overrides" : text + " with " + string.Join(", ", overrides.Select(k => k + "=" + Environment.GetEnvironmentVariable(k)));
    }

    private static (bool? Server, bool? Concurrent) ProjectGcSettings()
    {
        var project = Path.Combine(RepositoryRoot.Find(), "src", "EcsBridge", "EcsBridge.csproj");
        if (!File.Exists(project))
        {
            return (null, null);
        }
        var properties = XDocument.Load(project).Descendants("PropertyGroup").Elements().ToList();
        bool? Read(string name) => properties.LastOrDefault(e => e.Name.LocalName == name) is { } e && bool.TryParse(e.Value.Trim(), out var value) ? value : null;
        return (Read("ServerGarbageCollection"), Read("ConcurrentGarbageCollection"));
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
