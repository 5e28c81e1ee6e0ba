using System.Collections.Concurrent;
using System.Net;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>A minimal OTLP/HTTP receiver on 127.0.0.1: accepts POST /v1/traces and /v1/metrics, keeps each body as
/// sent (binary protobuf) and answers 200 with an empty export response, which is a valid protobuf message.</summary>
public sealed class OtlpHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private readonly Task _serving;

    private OtlpHttpReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static OtlpHttpReceiver Start() => new(EcsBridge.ControlPlane.FreePort.Next());

    /// <summary>Bodies received on <paramref name="path"/> so far.</summary>
    public IReadOnlyList<byte[]> Bodies(string path) => _received.Where(r => r.Path == path).Select(r => r.Body).ToList();

    public IReadOnlyList<string> ContentTypes => _received.Select(r => r.ContentType).Distinct().ToList();

    public string Summary => string.Join(", ", _received.GroupBy(r => r.Path).Select(g => $"{g.Key}: {g.Count()}")) is { Length: > 0 } s ? s : "nothing";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            using (var body = new MemoryStream())
            {
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.HttpMethod == "POST" && path is "/v1/traces" or "/v1/metrics")
                {
                    _received.Enqueue((path, context.Request.ContentType ?? "", body.ToArray()));
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/x-protobuf";
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
            }
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
