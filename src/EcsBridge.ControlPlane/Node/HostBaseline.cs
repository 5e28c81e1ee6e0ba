using System.Text;

namespace EcsBridge.ControlPlane.Node;

/// <summary>What a node may change on the host, as it was before the node started: sysctl values, the host folders
/// that already existed, the network namespaces, the iptables chains and whether <c>kubepods</c> cgroups existed.
/// Written to the claim folder before anything changes, so a stop — or the next start after a crash — puts the host
/// back without touching what was there before.</summary>
internal sealed record HostBaseline
{
    public required IReadOnlyDictionary<string, string> Sysctls { get; init; }

    public required IReadOnlySet<string> ExistingDirectories { get; init; }

    public required IReadOnlySet<string> NetworkNamespaces { get; init; }

    /// <summary>"tool table chain", e.g. "iptables nat KUBE-SERVICES".</summary>
    public required IReadOnlySet<string> IptablesChains { get; init; }

    public required IReadOnlySet<string> KubepodsCgroups { get; init; }

    /// <summary>nftables tables ("ip nat"): iptables-nft creates the filter, nat and mangle tables on first use.</summary>
    public required IReadOnlySet<string> NftTables { get; init; }

    public static async Task<HostBaseline> RecordAsync(CancellationToken cancellationToken) => new()
    {
        Sysctls = NodeLayout.Sysctls
            .Select(key => (key, value: ReadSysctl(key)))
            .Where(p => p.value is not null)
            .ToDictionary(p => p.key, p => p.value!),
        ExistingDirectories = NodeLayout.HostDirectories.Where(Path.Exists).ToHashSet(),
        NetworkNamespaces = ListNetworkNamespaces(),
        IptablesChains = await ListIptablesChainsAsync(cancellationToken).ConfigureAwait(false),
        KubepodsCgroups = ListKubepodsCgroups(),
        NftTables = await ListNftTablesAsync(cancellationToken).ConfigureAwait(false),
    };

    // One "kind value" per line: plain enough to read by eye when debugging a host.
    public string Serialize()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in Sysctls)
        {
            text.Append("sysctl ").Append(key).Append('=').Append(value).Append('\n');
        }
        foreach (var (kind, values) in new[] { ("dir", ExistingDirectories), ("netns", NetworkNamespaces), ("chain", IptablesChains), ("cgroup", KubepodsCgroups), ("nft", NftTables) })
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                text.Append(kind).Append(' ').Append(value).Append('\n');
            }
        }
        return text.ToString();
    }

    public static HostBaseline Parse(string text)
    {
        var sysctls = new Dictionary<string, string>();
        var sets = new Dictionary<string, HashSet<string>> { ["dir"] = [], ["netns"] = [], ["chain"] = [], ["cgroup"] = [], ["nft"] = [] };
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }
            var (kind, value) = (line[..space], line[(space + 1)..]);
            if (kind == "sysctl" && value.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                sysctls[value[..eq]] = value[(eq + 1)..];
            }
            else if (sets.TryGetValue(kind, out var set))
            {
                set.Add(value);
            }
        }
        return new HostBaseline
        {
            Sysctls = sysctls,
            ExistingDirectories = sets["dir"],
            NetworkNamespaces = sets["netns"],
            IptablesChains = sets["chain"],
            KubepodsCgroups = sets["cgroup"],
            NftTables = sets["nft"],
        };
    }

    /// <summary>Puts back what the node changed after its processes are gone and its mounts undone: network
    /// namespaces, iptables chains, sysctls, cgroups and host folders. Each step is best effort and idempotent.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var name in ListNetworkNamespaces().Where(n => !NetworkNamespaces.Contains(n)))
        {
            await HostCommand.RunAsync("ip", ["netns", "delete", name], cancellationToken).ConfigureAwait(false);
        }
        await RestoreIptablesAsync(cancellationToken).ConfigureAwait(false);
        await RemoveEmptyNewNftTablesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in Sysctls)
        {
            if (ReadSysctl(key) != value)
            {
                WriteSysctl(key, value);
            }
        }
        foreach (var cgroup in ListKubepodsCgroups().Where(c => !KubepodsCgroups.Contains(c)))
        {
            RemoveCgroupTree(cgroup);
        }
        foreach (var directory in NodeLayout.HostDirectories.Where(d => !ExistingDirectories.Contains(d)))
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A socket of a process that is still going away; the next start tries again.
            }
        }
    }

    /// <summary>Drops the KUBE-* and CNI-* chains that were not there before, and every rule that jumps to one.</summary>
    private async Task RestoreIptablesAsync(CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "iptables", "ip6tables" })
        {
            var saved = await HostCommand.RunAsync(tool + "-save", [], cancellationToken).ConfigureAwait(false);
            if (!saved.Succeeded)
            {
                continue;
            }
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (table, chain) in Chains(saved.Stdout))
            {
                if (IsNodeChain(chain) && !IptablesChains.Contains($"{tool} {table} {chain}"))
                {
                    added.Add(chain);
                }
            }
            if (added.Count == 0)
            {
                continue;
            }
            var kept = saved.Stdout.Split('\n').Where(line => !line.Split(' ').Any(word => added.Contains(word) || (word.StartsWith(':') && added.Contains(word[1..]))));
            await HostCommand.RunAsync(tool + "-restore", [], cancellationToken, string.Join('\n', kept) + "\n").ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the tables that appeared with the node and hold no rule any more.</summary>
    private async Task RemoveEmptyNewNftTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var table in (await ListNftTablesAsync(cancellationToken).ConfigureAwait(false)).Where(t => !NftTables.Contains(t)))
        {
            var parts = table.Split(' ');
            var listing = await HostCommand.RunAsync("nft", ["list", "table", parts[0], parts[1]], cancellationToken).ConfigureAwait(false);
            var hasRules = listing.Stdout.Split('\n').Select(l => l.Trim()).Any(l =>
                l.Length > 0 && l != "}" && !l.StartsWith("table ", StringComparison.Ordinal) && !l.StartsWith("chain ", StringComparison.Ordinal)
                && !l.StartsWith("type ", StringComparison.Ordinal) && !l.StartsWith("policy ", StringComparison.Ordinal));
            if (listing.Succeeded && !hasRules)
            {
                await HostCommand.RunAsync("nft", ["delete", "table", parts[0], parts[1]], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlySet<string>> ListNftTablesAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/sbin/nft"))
        {
            return new HashSet<string>();
        }
        var listing = await HostCommand.RunAsync("nft", ["list", "tables"], cancellationToken).ConfigureAwait(false);
        return listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("table ", StringComparison.Ordinal))
            .Select(l => l["table ".Length..].Trim())
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsNodeChain(string chain) =>
        chain.StartsWith("KUBE-", StringComparison.Ordinal) || chain.StartsWith("CNI-", StringComparison.Ordinal);

    private static IEnumerable<(string Table, string Chain)> Chains(string save)
    {
        var table = "";
        foreach (var line in save.Split('\n'))
        {
            if (line.StartsWith('*'))
            {
                table = line[1..].Trim();
            }
            else if (line.StartsWith(':'))
            {
                yield return (table, line[1..].Split(' ')[0]);
            }
        }
    }

    public static async Task<IReadOnlySet<string>> ListIptablesChainsAsync(CancellationToken cancellationToken)
    {
        var chains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in new[] { "iptables", "ip6tables" })
        {
            var saved = await HostCommand.RunAsync(tool + "-save", [], cancellationToken).ConfigureAwait(false);
            foreach (var (table, chain) in Chains(saved.Stdout))
            {
                chains.Add($"{tool} {table} {chain}");
            }
        }
        return chains;
    }

    public static IReadOnlySet<string> ListNetworkNamespaces() =>
        Directory.Exists("/run/netns")
            ? Directory.EnumerateFileSystemEntries("/run/netns").Select(Path.GetFileName).OfType<string>().ToHashSet()
            : new HashSet<string>();

    /// <summary>The <c>kubepods</c> cgroup of every v1 controller (and of a v2 tree mounted beside them).</summary>
    public static IReadOnlySet<string> ListKubepodsCgroups()
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            return found;
        }
        foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            var kubepods = Path.Combine(controller, "kubepods");
            if (Directory.Exists(kubepods))
            {
                found.Add(kubepods);
            }
        }
        return found;
    }

    /// <summary>PIDs in a cgroup tree (the pods' processes), read from its <c>cgroup.procs</c> files.</summary>
    public static IEnumerable<int> ProcessesIn(string cgroup)
    {
        var pids = new List<int>();
        try
        {
            foreach (var procs in Directory.EnumerateFiles(cgroup, "cgroup.procs", SearchOption.AllDirectories))
            {
                foreach (var line in File.ReadAllLines(procs))
                {
                    if (int.TryParse(line, out var pid))
                    {
                        pids.Add(pid);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return pids;
    }

    private static void RemoveCgroupTree(string cgroup)
    {
        // Children first; a cgroup folder is removed with rmdir, never by deleting its files.
        try
        {
            foreach (var child in Directory.EnumerateDirectories(cgroup))
            {
                RemoveCgroupTree(child);
            }
            Directory.Delete(cgroup);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string SysctlPath(string key) => "/proc/sys/" + key.Replace('.', '/');

    public static string? ReadSysctl(string key)
    {
        try
        {
            return File.ReadAllText(SysctlPath(key)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteSysctl(string key, string value)
    {
        try
        {
            File.WriteAllText(SysctlPath(key), value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
