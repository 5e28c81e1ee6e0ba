using EcsBridge.Hosting.Services;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting;

/// <summary>
/// `ecsbridge run` as a .NET Generic Host (the slim builder: no default providers, nothing reflection-bound). The
/// operator's parts are hosted services, started one after the other in this order and stopped in reverse:
/// endpoints → ECS API → caches → event recorder → idle memory trimmer → leader election → controllers. SIGTERM and
/// Ctrl-C go to the host's console lifetime: no new work, reconciles in flight finish within
/// <see cref="ShutdownTimeout"/>, the lease is given back, exit 0.
/// </summary>
internal static class OperatorHost
{
    /// <summary>Below the kubelet's default 30 s grace period and the Lease's 15 s, so a standby takes over soon.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(7);

    public static HostApplicationBuilder CreateBuilder() => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

    /// <summary>Options from the builder's configuration (see <see cref="OperatorConfiguration"/>), checked by the
    /// generated validator when the host starts.</summary>
    public static void AddOptions(HostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorConfiguration.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
    }

    /// <summary>The operator's services over <paramref name="client"/>; the caller registers the options.</summary>
    public static void AddOperator(HostApplicationBuilder builder, KubeClient client, OperatorHealth health)
    {
        var services = builder.Services;
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = ShutdownTimeout;
            o.ServicesStartConcurrently = false;
            o.ServicesStopConcurrently = false;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        services.AddSingleton(client);
        services.AddSingleton(health);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new OperatorMetrics(Commands.VersionCommand.Version));
        services.AddSingleton(_ => new PrometheusExporter("EcsBridge"));
        services.AddSingleton<OperatorProgress>();
        services.AddSingleton<WorkQueues>();

        services.AddHostedService<EndpointService>();
        services.AddHostedService<EcsApiService>();
        services.AddHostedService<CacheService>();
        services.AddHostedService<EventRecorderService>();
        services.AddHostedService<IdleMemoryTrimmerService>();
        services.AddHostedService<LeaderElectionService>();
        services.AddHostedService<ControllerService>();
    }
}
