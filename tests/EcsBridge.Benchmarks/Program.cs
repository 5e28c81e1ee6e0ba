using System.Diagnostics;
using System.Text.Json;
using EcsBridge.Benchmarks;
using EcsBridge.Benchmarks.RealTasks;
using EcsBridge.Benchmarks.Render;
using EcsBridge.Benchmarks.Reporting;
using EcsBridge.Benchmarks.Scale;

// EcsBridge's issue-8 benchmark. See BenchOptions.Usage; results go to artifacts/bench/results.{json,md} and stdout.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("ecsbridge-bench: " + error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var root = RepositoryRoot.Find();
var output = Path.GetFullPath(Path.Combine(root, options.Output));
Directory.CreateDirectory(output);
var stopwatch = Stopwatch.StartNew();
var report = new BenchReport
{
    StartedAt = DateTimeOffset.UtcNow,
    Arguments = string.Join(' ', args),
    Machine = MachineProbe.Describe(null, OperatorUnderTest.BinaryDirectory),
};
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var failed = false;
try
{
    if (options.Scale)
    {
        await ScaleRun.RunAsync(options, report, output, Console.Out, cancel.Token);
    }
    if (options.RealTasks && options.RealTaskServices > 0)
    {
        await RealTaskRun.RunAsync(options, report, output, Console.Out, cancel.Token);
    }
    if (options.Render)
    {
        report.Render.AddRange(RenderRun.Run(output));
    }
}
catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException or HttpRequestException
                               or EcsBridge.Kubernetes.Http.KubeApiException or EcsBridge.Kubernetes.Http.KubeConnectionException
                               or EcsBridge.ControlPlane.ControlPlaneStartException)
{
    // Keep what was measured so far; say what stopped the run.
    failed = true;
    report.Notes.Add("The run stopped early: " + ex.Message);
    Console.Error.WriteLine("ecsbridge-bench: " + ex);
}
report.DurationSeconds = stopwatch.Elapsed.TotalSeconds;
Targets.Evaluate(report);

var markdown = MarkdownReport.Render(report);
await File.WriteAllTextAsync(Path.Combine(output, "results.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(report, BenchJsonContext.Default.BenchReport));
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Written to {Path.Combine(output, "results.md")} and results.json (operator logs in {Path.Combine(output, "logs")}).");
return failed ? 1 : 0;
