using System.Diagnostics;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>What a node may change on the host, read straight from the kernel and the host's tools (not through
/// the product's own bookkeeping): links, routes, mounts, sysctls, iptables chains and rules, nftables tables,
/// network namespaces, kubepods cgroups and the host folders the kubelet and containerd create.</summary>
public sealed record HostSnapshot(IReadOnlyList<string> Lines)
{
    private static readonly string[] Sysctls =
    [
        "net.ipv4.ip_forward", "net.ipv4.conf.all.route_localnet", "net.bridge.bridge-nf-call-iptables",
        "vm.overcommit_memory", "vm.panic_on_oom", "kernel.panic", "kernel.panic_on_oops", "kernel.keys.root_maxkeys",
        "kernel.keys.root_maxbytes",
    ];

    private static readonly string[] HostFolders =
        ["/var/log/pods", "/var/log/containers", "/var/lib/cni", "/run/containerd", "/var/lib/kubelet", "/etc/cni", "/opt/cni", "/run/netns"];

    public static async Task<HostSnapshot> TakeAsync()
    {
        var lines = new List<string>();
        lines.AddRange(Directory.EnumerateFileSystemEntries("/sys/class/net").Select(p => "link " + Path.GetFileName(p)));
        foreach (var family in new[] { "-4", "-6" })
        {
            lines.AddRange(SplitLines(await RunAsync("ip", family, "route", "show", "table", "all")).Select(l => $"route{family} {l}"));
        }
        lines.AddRange(File.ReadLines("/proc/self/mountinfo").Select(l => "mount " + l.Split(' ')[4]));
        foreach (var key in Sysctls)
        {
            var path = "/proc/sys/" + key.Replace('.', '/');
            lines.Add($"sysctl {key}={(File.Exists(path) ? File.ReadAllText(path).Trim() : "-")}");
        }
        foreach (var tool in new[] { "iptables-save", "ip6tables-save" })
        {
            // Chain lines carry packet counters; keep the name and policy only.
            lines.AddRange(SplitLines(await RunAsync(tool)).Where(l => !l.StartsWith('#'))
                .Select(l => l.StartsWith(':') ? string.Join(' ', l.Split(' ').Take(2)) : l)
                .Select(l => $"{tool} {l}"));
        }
        lines.AddRange(SplitLines(await RunAsync("nft", "list", "tables")).Select(l => "nft " + l));
        if (Directory.Exists("/run/netns"))
        {
            lines.AddRange(Directory.EnumerateFileSystemEntries("/run/netns").Select(p => "netns " + Path.GetFileName(p)));
        }
        lines.AddRange(Directory.EnumerateDirectories("/sys/fs/cgroup")
            .Where(c => Directory.Exists(Path.Combine(c, "kubepods"))).Select(c => "cgroup " + c + "/kubepods"));
        lines.AddRange(HostFolders.Where(Path.Exists).Select(f => "folder " + f));
        lines.Sort(StringComparer.Ordinal);
        return new HostSnapshot(lines);
    }

    /// <summary>Lines only in this snapshot (+) or only in <paramref name="other"/> (-).</summary>
    public IReadOnlyList<string> Difference(HostSnapshot other) =>
        Lines.Except(other.Lines).Select(l => "+ " + l).Concat(other.Lines.Except(Lines).Select(l => "- " + l)).ToList();

    private static IEnumerable<string> SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', arguments)}");
        return output;
    }
}
