using System.CommandLine;
using System.Runtime.InteropServices;
using EcsBridge.ControlPlane;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge run`: the operator. With no cluster configured it starts a local control plane first.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = OperatorFlags.All.ToDictionary(flag => flag, flag => new Option<string?>("--" + flag.Name)
        {
            Description = flag.Help,
            Arity = flag.IsSwitch ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        });
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
            foreach (var (flag, option) in options)
            {
                var result = parse.GetResult(option);
                if (result is not null && !result.Implicit)
                {
                    // A bare switch (--leader-elect) means true.
                    flags[flag.Name] = parse.GetValue(option) ?? (flag.IsSwitch ? "true" : null);
                }
            }
            var forceLocal = parse.GetValue(local);
            var builder = OperatorHost.CreateBuilder();
            OperatorOptions operatorOptions;
            try
            {
                var (loaded, errors) = OperatorConfiguration.Load(builder.Configuration, flags, parse.GetValue(config),
                    o => forceLocal || !ClusterSelection.IsClusterConfigured(o.Kubeconfig));
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
            return await RunAsync(builder, operatorOptions, forceLocal, !parse.GetValue(noNode)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(HostApplicationBuilder builder, OperatorOptions options, bool forceLocal, bool localNode)
    {
        // Until the host runs (a local control plane takes seconds to start), SIGTERM and Ctrl-C end the start-up here;
        // from then on the host's console lifetime handles them.
        using var starting = new CancellationTokenSource();
        var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; CancelQuietly(starting); });
        var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; CancelQuietly(starting); });
        void HandOverSignals()
        {
            sigterm.Dispose();
            sigint.Dispose();
        }

        Logging.Configure(builder.Logging, options);
        using var loggerFactory = LoggerFactory.Create(logging => Logging.Configure(logging, options));
        LocalControlPlane? plane = null;
        try
        {
            var kubeconfig = options.Kubeconfig;
            if (options.LocalMode)
            {
                plane = await LocalCluster.StartAsync(Console.Out, localNode, starting.Token).ConfigureAwait(false);
                kubeconfig = plane.KubeconfigPath;
            }
            EcsApi.EcsAccessKey? localKey = null;
            if (plane is not null && options.EcsApiBindAddress != "0" && string.IsNullOrWhiteSpace(options.EcsApiCredentialsFile))
            {
                // Local mode with the ECS API on and no keys file: a key of its own, in the folder that goes on stop.
                localKey = EcsApi.LocalEcsApiKey.Generate();
                options = options with { EcsApiCredentialsFile = EcsApi.LocalEcsApiKey.Write(plane.Directory, localKey) };
                builder.Configuration.AddInMemoryCollection(
                    [KeyValuePair.Create<string, string?>(OperatorConfiguration.Section + ":ecs-api-credentials-file", options.EcsApiCredentialsFile)]);
            }
            var settings = KubeClientSettings.Load(kubeconfig, plane is null ? options.Context : null) with
            {
                Qps = options.ClientQps,
                Burst = options.ClientBurst,
            };
            using var client = new KubeClient(settings, loggerFactory, TimeProvider.System);
            if (plane is not null)
            {
                await CrdInstaller.InstallAsync(client, starting.Token).ConfigureAwait(false);
                Console.Out.WriteLine("ecsbridge: CRDs installed; try: kubectl --kubeconfig " + plane.KubeconfigPath + " apply --server-side -k config/samples/");
            }

            OperatorTelemetry.Add(builder);
            OperatorHost.AddOptions(builder);
            OperatorHost.AddOperator(builder, client, new OperatorHealth());
            using var host = builder.Build();
            var progress = host.Services.GetRequiredService<OperatorProgress>();
            if (localKey is not null)
            {
                _ = AnnounceLocalKeyAsync(progress.EcsApiListening.Task, localKey, options, starting.Token);
            }
            HandOverSignals();
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            if (starting.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            try
            {
                await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Stopped while the caches were still syncing.
            }
            catch
            {
                // A part failed to start: the parts already started stop (the lease, the listeners) before the report.
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            return progress.LostLeadership ? ExitCodes.LeaderElectionLost : ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (starting.IsCancellationRequested)
        {
            return ExitCodes.Ok;
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
        catch (InvalidDataException ex)
        {
            // The ECS API's keys file (the message names what is wrong, never a secret).
            Console.Error.WriteLine("ecsbridge: --ecs-api-credentials-file: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (FileNotFoundException ex)
        {
            Console.Error.WriteLine("ecsbridge: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"ecsbridge: cannot listen on --metrics-bind-address {options.MetricsBindAddress} / --health-probe-bind-address {options.HealthProbeBindAddress}: {ex.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            HandOverSignals();
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

    /// <summary>Prints the environment lines once the API listens (the port may be picked by the OS). This block is
    /// the only place the generated secret is written.</summary>
    private static async Task AnnounceLocalKeyAsync(Task<System.Net.IPEndPoint> listening, EcsApi.EcsAccessKey key, OperatorOptions options, CancellationToken stop)
    {
        try
        {
            var bound = await listening.WaitAsync(stop).ConfigureAwait(false);
            Console.Out.Write(EcsApi.LocalEcsApiKey.EnvironmentBlock(key, options.EcsApiRegion, EcsApi.LocalEcsApiKey.EndpointUrl(bound), options.EcsApiCredentialsFile!));
            Console.Out.Flush();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
