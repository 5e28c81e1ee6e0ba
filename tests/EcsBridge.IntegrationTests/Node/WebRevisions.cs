using System.Collections.Concurrent;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>What the strategy tests on the node share: a `web` task definition whose httpd answers with its revision,
/// and a poller that records which revision answered each request to the production Service.</summary>
public static class WebRevisions
{
    /// <summary>A request answers in milliseconds; the timeout bounds one to a ClusterIP with no endpoint. Each
    /// request opens its own connection, so each is routed by the Service's endpoints of that moment (kube-proxy picks
    /// one of the ready tasks at random).</summary>
    public static readonly HttpClient Http = new()
    {
        Timeout = TimeSpan.FromSeconds(3),
        DefaultRequestHeaders = { ConnectionClose = true },
    };

    /// <summary>One answer of the poller; <see cref="Body"/> is null for a failed request.</summary>
    public sealed record Answer(DateTimeOffset At, string? Body)
    {
        public string? Version => Body?.Split(' ').LastOrDefault();
    }

    /// <summary>busybox httpd with the health check a web service has on ECS, serving "&lt;pod&gt; &lt;version&gt;";
    /// with <paramref name="crashAfterSeconds"/>, httpd runs as a daemon and the container exits 1 after that long.
    /// Otherwise sh stays PID 1 and stops httpd 5 s after SIGTERM, as a web server behind a Service should (it keeps
    /// answering while kube-proxy drops its endpoint): httpd as PID 1 would ignore the signal and each old task would
    /// hold its revision's clean-up for the whole 30 s grace period.</summary>
    public static string Revision(string version, int cpu, int? crashAfterSeconds = null)
    {
        var serve = crashAfterSeconds is { } after
            ? $"httpd -p {Port} -h /srv; sleep {after}; exit 1"
            : $"httpd -f -p {Port} -h /srv & trap 'sleep 5; kill $!; exit 0' TERM; wait";
        return $$$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"web"},
             "spec":{"containerDefinitions":[{"name":"httpd","image":"{{{Busybox}}}","cpu":{{{cpu}}},"memory":64,"essential":true,
               "entryPoint":["sh","-c"],"command":["mkdir -p /srv && echo \"$(hostname) {{{version}}}\" > /srv/index.html && {{{serve}}}"],
               "portMappings":[{"containerPort":{{{Port}}},"protocol":"tcp"}],
               "healthCheck":{"command":["CMD-SHELL","wget -q -O /dev/null http://127.0.0.1:{{{Port}}}/"],"interval":5,"timeout":2,"retries":2}}]} }
            """;
    }

    /// <summary>One request at a time, every 50 ms, to the production Service, until <paramref name="stop"/>.</summary>
    public static async Task PollAsync(string url, ConcurrentQueue<Answer> into, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            into.Enqueue(new Answer(at, await TryGetAsync(Http, url)));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
