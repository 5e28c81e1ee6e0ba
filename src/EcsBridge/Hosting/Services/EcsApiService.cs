using EcsBridge.EcsApi;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting.Services;

/// <summary>The Amazon ECS API, when --ecs-api-bind-address is set. It writes and reads the custom resources only, so
/// it serves on every replica, leader or not.</summary>
internal sealed class EcsApiService(
    IOptions<OperatorOptions> options, KubeClient client, OperatorProgress progress, TimeProvider time, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("EcsBridge.Operator");
    private EcsApiServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = EcsApiHost.Start(options.Value, client, time, loggerFactory);
        if (_server is not null)
        {
            Log.EcsApiListening(_logger, _server.Endpoint.ToString());
            progress.EcsApiListening.TrySetResult(_server.Endpoint);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
