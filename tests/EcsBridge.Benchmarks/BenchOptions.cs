using System.Globalization;

namespace EcsBridge.Benchmarks;

/// <summary>What one run measures. No arguments means issue 17's full ladder (convergence at 100, 1,000 and 10,000
/// services; 200 latency samples, a 300 s quiet window and start-up at 1,000; real tasks on a node; render
/// throughput); <c>--quick</c> is a short sanity run.</summary>
internal sealed record BenchOptions
{
    /// <summary>Run the scale scenarios against a local control plane.</summary>
    public bool Scale { get; init; } = true;

    /// <summary>Run ladder rung 5: services with real tasks on a local node, against the same Deployments applied directly.</summary>
    public bool RealTasks { get; init; } = true;

    /// <summary>Services of the real-task rung (2 tasks each).</summary>
    public int RealTaskServices { get; init; } = 100;

    /// <summary>Run the BenchmarkDotNet render benchmark.</summary>
    public bool Render { get; init; } = true;

    public bool Quick { get; init; }

    /// <summary>Service counts for convergence, footprint and start-up; the probe size (1,000 when listed, else the
    /// largest) also gets latency and the quiet window.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [100, 1000, 10000];

    /// <summary>An extra footprint-only scenario (e.g. 10,000 services); 0 skips it.</summary>
    public int FootprintSize { get; init; }

    /// <summary>Reconcile workers of the operator and parallel requests of the baseline and the "user".</summary>
    public int Concurrency { get; init; } = 4;

    public int IdleSeconds { get; init; } = 300;

    public int LatencySamples { get; init; } = 200;

    /// <summary>Namespaces the services of a scenario with at least 1,000 services are spread over.</summary>
    public int Namespaces { get; init; } = 5;

    /// <summary>Census of the operator's live managed heap by type, idle and at steady state (JIT operator only).</summary>
    public bool HeapCensus { get; init; }

    /// <summary>Results folder, relative to the repository root.</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "bench");

    public static string Usage => """
        Usage: dotnet run --project tests/EcsBridge.Benchmarks -c Release -- [scale|render] [options]
          (no verb)              scale, then render (the full set; `make bench`)
          scale                  only the scale scenarios against a local control plane
          tasks                  only the real-task rung (a local node: needs root and `make envtest`)
          render                 only the render throughput benchmark (BenchmarkDotNet, in-process, short job)
          --quick                100 services, 60 s idle window, 50 latency samples, 10 real-task services, no render
          --full                 the defaults: 100, 1,000 and 10,000 services, 300 s idle window, 200 latency
                                 samples, 100 real-task services
          --sizes 100,1000       service counts for convergence (1,000, or else the largest, gets latency and quiet)
          --real-tasks N         services x 2 tasks for the real-task rung (default 100; 0 skips it)
          --footprint N          also a footprint scenario with N services (e.g. 10000), over >= 5 namespaces
          --concurrency C        operator workers = baseline and user parallelism (default 4)
          --idle-seconds S       the quiet window (default 300; 60 with --quick)
          --latency-samples K    change-to-Deployment samples (default 60, at least 50)
          --namespaces K         namespaces for scenarios of >= 1,000 services (default 5)
          --heap                 live managed heap by type, idle and steady, per 1,000 cached objects (needs a JIT
                                 operator: run without ECSBRIDGE_BENCH_OPERATOR_DIR, i.e. `dotnet run`, not `make bench`)
          --output DIR           results folder (default artifacts/bench)
        """;

    /// <summary>Parses the arguments; returns null and an error for anything it does not know.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var idleSet = false;
        var samplesSet = false;
        var realTasksSet = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException(arg + " needs a value");
            int NextInt(int min) =>
                int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
                    ? value
                    : throw new FormatException($"{arg} needs a whole number >= {min}");
            try
            {
                switch (arg)
                {
                    case "scale":
                        options = options with { Scale = true, RealTasks = false, Render = false };
                        break;
                    case "tasks":
                        options = options with { Scale = false, RealTasks = true, Render = false };
                        break;
                    case "render":
                        options = options with { Scale = false, RealTasks = false, Render = true };
                        break;
                    case "--quick":
                        options = options with { Quick = true, Sizes = [100], Render = options.Scale && options.Render ? false : options.Render };
                        break;
                    case "--full":
                        options = options with { Quick = false };
                        break;
                    case "--sizes":
                        options = options with
                        {
                            Sizes = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException("--sizes takes counts like 100,1000"))
                                .Order()],
                        };
                        break;
                    case "--real-tasks":
                        options = options with { RealTaskServices = NextInt(0) };
                        realTasksSet = true;
                        break;
                    case "--footprint":
                        options = options with { FootprintSize = NextInt(0) };
                        break;
                    case "--concurrency":
                        options = options with { Concurrency = NextInt(1) };
                        break;
                    case "--idle-seconds":
                        options = options with { IdleSeconds = NextInt(1) };
                        idleSet = true;
                        break;
                    case "--latency-samples":
                        options = options with { LatencySamples = NextInt(1) };
                        samplesSet = true;
                        break;
                    case "--namespaces":
                        options = options with { Namespaces = NextInt(1) };
                        break;
                    case "--heap":
                        options = options with { HeapCensus = true };
                        break;
                    case "--output":
                        options = options with { Output = Next() };
                        break;
                    default:
                        return (null, $"unknown argument \"{arg}\"");
                }
            }
            catch (FormatException ex)
            {
                return (null, ex.Message);
            }
        }
        if (options.Quick)
        {
            options = options with
            {
                IdleSeconds = idleSet ? options.IdleSeconds : 60,
                LatencySamples = samplesSet ? options.LatencySamples : 50,
                RealTaskServices = realTasksSet ? options.RealTaskServices : 10,
            };
        }
        return (options, null);
    }

    /// <summary>The size that gets change latency and the quiet window: 1,000 services when the run has it (issue
    /// 17's ladder measures both there), else the largest.</summary>
    public int ProbeSize => Sizes.Contains(1000) ? 1000 : Sizes.Max();

    /// <summary>How many namespaces a scenario of <paramref name="services"/> services uses.</summary>
    public int NamespacesFor(int services) => services >= 1000 ? Math.Max(Namespaces, (services + 1999) / 2000) : 1;
}
