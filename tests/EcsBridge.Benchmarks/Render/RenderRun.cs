using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EcsBridge.Benchmarks.Reporting;

namespace EcsBridge.Benchmarks.Render;

/// <summary>Runs <see cref="RenderBenchmarks"/> in this process with BenchmarkDotNet's short job (3 warm-up and 3
/// measured iterations), which finishes in a few minutes on 2 cores, and turns the summary into results.</summary>
internal static class RenderRun
{
    public static IReadOnlyList<RenderResult> Run(string outputDirectory)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(outputDirectory, "render"))
            .WithOptions(ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<RenderBenchmarks>(config);

        var results = new List<RenderResult>();
        foreach (var benchmark in summary.Reports)
        {
            if (benchmark.ResultStatistics is not { } statistics)
            {
                continue;
            }
            var caseName = benchmark.BenchmarkCase.Parameters["Case"]?.ToString() ?? "?";
            var probe = new RenderBenchmarks { Case = caseName };
            probe.Setup();
            var objects = probe.ObjectsPerRender;
            var seconds = statistics.Mean / 1e9;
            results.Add(new RenderResult
            {
                Case = caseName,
                Method = benchmark.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                ObjectsPerRender = objects,
                MeanMicroseconds = statistics.Mean / 1000,
                RendersPerSecond = 1 / seconds,
                ObjectsPerSecond = objects / seconds,
                AllocatedBytesPerRender = benchmark.GcStats.GetBytesAllocatedPerOperation(benchmark.BenchmarkCase),
            });
        }
        return results;
    }
}
