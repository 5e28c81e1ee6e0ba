using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Http;
using Microsoft.Extensions.Logging;

namespace EcsBridge.EcsApi;

/// <summary>Starts the ECS API when --ecs-api-bind-address is set: the keys file, the SigV4 verifier, the
/// dispatcher and the listener.</summary>
internal static class EcsApiHost
{
    /// <summary>Null when the API is off. Throws <see cref="InvalidDataException"/> or <see cref="IOException"/> for a bad
    /// keys file and <see cref="System.Net.Sockets.SocketException"/> when the address is taken.</summary>
    public static EcsApiServer? Start(OperatorOptions options, KubeClient client, TimeProvider time, ILoggerFactory loggerFactory)
    {
        if (options.EcsApiBindAddress == "0" || !BindAddress.TryParse(options.EcsApiBindAddress, out var endpoint))
        {
            return null;
        }
        var credentials = EcsApiCredentials.Load(options.EcsApiCredentialsFile
            ?? throw new InvalidDataException("--ecs-api-credentials-file is required with --ecs-api-bind-address"));
        var verifier = new SigV4Verifier(credentials.Find, options.EcsApiRegion, time);
        var dispatcher = new EcsApiDispatcher(client, new EcsArns(options.EcsApiRegion, options.EcsApiAccountId), verifier, time,
            loggerFactory.CreateLogger("EcsBridge.EcsApi"));
        return EcsApiServer.Start(endpoint, dispatcher.HandleAsync, loggerFactory.CreateLogger<EcsApiServer>());
    }
}
