namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>How a run of the ecsbridge executable ended: its exit code and what it wrote, stream by stream.</summary>
internal sealed record CommandResult
{
    public required int ExitCode { get; init; }

    public required string Stdout { get; init; }

    public required string Stderr { get; init; }

    /// <summary>The non-empty lines of standard error.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stderr:\n{Stderr}\n--- stdout:\n{Stdout}";
}
