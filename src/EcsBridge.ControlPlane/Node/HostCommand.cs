using System.Diagnostics;

namespace EcsBridge.ControlPlane.Node;

/// <summary>The outcome of one host tool run (ip, iptables-save, ctr, …).</summary>
internal sealed record HostCommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs the host's own tools for what .NET has no API for (links, routes, iptables, containerd's client).</summary>
internal static class HostCommand
{
    public static async Task<HostCommandResult> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new HostCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs and throws with the tool's own message when it fails.</summary>
    public static async Task<string> OutputAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var result = await RunAsync(file, list, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.Stdout
            : throw new ControlPlaneStartException($"`{file} {string.Join(' ', list)}` failed ({result.ExitCode}): {result.Stderr.Trim()}");
    }
}
