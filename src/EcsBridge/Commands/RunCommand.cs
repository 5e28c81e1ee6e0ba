using System.CommandLine;
using System.Runtime.InteropServices;
using EcsBridge.ControlPlane;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge run`: the operator. With no cluster configured it starts a local control plane first.</summary>
internal static class RunCommand
{
    private static readonly string[] FlagNames =
    [
        "kubeconfig", "context", "watch-namespaces", "concurrency", "kube-api-qps", "kube-api-burst", "leader-elect",
        "leader-election-id", "leader-election-namespace", "lease-duration", "renew-deadline", "retry-period",
        "metrics-bind-address", "health-probe-bind-address", "log-level", "log-format", "resync-period", "revision-history-limit", "circuit-breaker-deadline",
        "watch-liveness-threshold",
    ];

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["kubeconfig"] = "Path to a kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster).",
        ["context"] = "The kubeconfig context to use.",
        ["watch-namespaces"] = "Comma-separated namespaces to watch (default: all).",
        ["concurrency"] = "Reconciles that may run at once (default 4).",
        ["kube-api-qps"] = "Client-side requests per second to the API server; 0 turns the limit off (default 100).",
        ["kube-api-burst"] = "Client-side burst above the QPS (default 200).",
        ["leader-elect"] = "Elect a leader with a coordination.k8s.io Lease so several replicas are safe (true|false, default false).",
        ["leader-election-id"] = "Name of the Lease (default ecsbridge-leader).",
        ["leader-election-namespace"] = "Namespace of the Lease (default: the pod's namespace).",
        ["lease-duration"] = "Lease duration (default 15s).",
        ["renew-deadline"] = "How long the leader keeps trying to renew before it gives up (default 10s).",
        ["retry-period"] = "Time between tries to acquire or renew (default 2s).",
        ["metrics-bind-address"] = "host:port for /metrics, or 0 to disable (default :8080).",
        ["health-probe-bind-address"] = "host:port for /healthz and /readyz, or 0 to disable (default :8081).",
        ["log-level"] = "trace, debug, info, warning, error (default info).",
        ["log-format"] = "text or json (default text).",
        ["resync-period"] = "How often every object is looked at again from the cache (default 1h).",
        ["revision-history-limit"] = "Task definition revisions kept (default 10).",
        ["circuit-breaker-deadline"] = "How long a rollout may make no progress before the deployment circuit breaker fails it (default 10m).",
        ["watch-liveness-threshold"] = "How long a watch may stay disconnected before /healthz fails (default 2m).",
    };

    public static Command Create()
    {
        var options = FlagNames.ToDictionary(name => name, name => new Option<string?>("--" + name) { Description = Descriptions[name], Arity = name == "leader-elect" ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne });
        var config = new Option<string?>("--config") { Description = "A JSON file with the same settings (keys are the flag names)." };
        var local = new Option<bool>("--local") { Description = "Start a local control plane even when a cluster is configured." };
        var noNode = new Option<bool>("--no-node") { Description = "Local mode: run the control plane without a node (pods stay Pending)." };
        var command = new Command("run", "Run the operator (the default verb). Flags may also come from ECSBRIDGE_<FLAG> environment variables.") { config, local, noNode };
        foreach (var option in options.Values)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, option) in options)
            {
                var result = parse.GetResult(option);
                if (result is not null && !result.Implicit)
                {
                    // A bare --leader-elect means true.
                    flags[name] = parse.GetValue(option) ?? (name == "leader-elect" ? "true" : null);
                }
            }
            OperatorOptions operatorOptions;
            try
            {
                var (loaded, errors) = OperatorOptionsLoader.Load(flags, parse.GetValue(config));
                if (errors.Count > 0)
                {
                    foreach (var error in errors)
                    {
                        Console.Error.WriteLine("ecsbridge: " + error);
                    }
                    return ExitCodes.Usage;
                }
                operatorOptions = loaded;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine("ecsbridge: --config: " + ex.Message);
                return ExitCodes.Usage;
            }
            return await RunAsync(operatorOptions, parse.GetValue(local), !parse.GetValue(noNode), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(OperatorOptions options, bool forceLocal, bool localNode, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGTERM (kubelet, systemd) and Ctrl-C both end the run gracefully.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; CancelQuietly(stop); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; CancelQuietly(stop); });

        using var loggerFactory = LoggerFactory.Create(logging => Logging.Configure(logging, options));
        LocalControlPlane? plane = null;
        try
        {
            var kubeconfig = options.Kubeconfig;
            if (forceLocal || !ClusterSelection.IsClusterConfigured(kubeconfig))
            {
                plane = await LocalCluster.StartAsync(Console.Out, localNode, stop.Token).ConfigureAwait(false);
                kubeconfig = plane.KubeconfigPath;
            }
            var settings = KubeClientSettings.Load(kubeconfig, plane is null ? options.Context : null) with
            {
                Qps = options.ClientQps,
                Burst = options.ClientBurst,
            };
            using var client = new KubeClient(settings, loggerFactory, TimeProvider.System);
            if (plane is not null)
            {
                await CrdInstaller.InstallAsync(client, stop.Token).ConfigureAwait(false);
                Console.Out.WriteLine("ecsbridge: CRDs installed; try: kubectl --kubeconfig " + plane.KubeconfigPath + " apply --server-side -k config/samples/");
            }

            using var metrics = new OperatorMetrics(VersionCommand.Version);
            using var exporter = new PrometheusExporter("EcsBridge");
            using var otlp = OtlpExport.StartIfConfigured();
            var health = new OperatorHealth();
            await using var endpoints = StartEndpoints(options, health, exporter, loggerFactory);
            var runtime = new OperatorRuntime(client, options, health, metrics, TimeProvider.System, loggerFactory);
            var keptLeadership = await RunUntilStoppedAsync(runtime, stop.Token).ConfigureAwait(false);
            return keptLeadership ? ExitCodes.Ok : ExitCodes.LeaderElectionLost;
        }
        catch (ControlPlaneStartException ex)
        {
            Console.Error.WriteLine("ecsbridge: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (KubeException ex)
        {
            Console.Error.WriteLine("ecsbridge: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine("ecsbridge: cannot reach the API server: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"ecsbridge: cannot listen on --metrics-bind-address {options.MetricsBindAddress} / --health-probe-bind-address {options.HealthProbeBindAddress}: {ex.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            if (plane is not null)
            {
                Console.Out.WriteLine("ecsbridge: stopping the local control plane");
                var stopping = System.Diagnostics.Stopwatch.StartNew();
                await plane.DisposeAsync().ConfigureAwait(false);
                Console.Out.WriteLine($"ecsbridge: local control plane stopped ({stopping.Elapsed.TotalSeconds:0.0} s)");
            }
        }
    }

    /// <summary>Signal handlers run on a thread of their own and can fire while the run is already ending (the
    /// source is disposed then); a SIGTERM during shutdown must not turn a clean stop into a crash.</summary>
    private static void CancelQuietly(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<bool> RunUntilStoppedAsync(OperatorRuntime runtime, CancellationToken stop)
    {
        try
        {
            return await runtime.RunAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return true;
        }
    }

    private static EndpointServer? StartEndpoints(OperatorOptions options, OperatorHealth health, PrometheusExporter exporter, ILoggerFactory loggerFactory)
    {
        var endpoints = new[] { options.MetricsBindAddress, options.HealthProbeBindAddress }
            .Where(a => a != "0")
            .Select(a => BindAddress.TryParse(a, out var endpoint) ? endpoint : null)
            .OfType<System.Net.IPEndPoint>()
            .Distinct()
            .ToList();
        return endpoints.Count == 0
            ? null
            : EndpointServer.Start(endpoints, (_, path) => Endpoints.Respond(path, health, exporter), loggerFactory.CreateLogger<EndpointServer>());
    }
}
