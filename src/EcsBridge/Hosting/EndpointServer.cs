using System.Net;
using System.Net.Sockets;
using System.Text;
using EcsBridge.Kubernetes;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Hosting;

/// <summary>An HTTP answer from <see cref="Endpoints"/>.</summary>
internal readonly record struct EndpointResponse(int Status, string ContentType, string Body);

/// <summary>
/// A deliberately small HTTP/1.1 server for the probe and metrics endpoints: GET and HEAD of a path, one request
/// per connection (answered with `Connection: close`). Kubelet probes and Prometheus scrapers need no more, and
/// not loading a web framework keeps the operator's memory and start-up small. Guards against slow or hostile
/// clients: a 16 KiB limit on the request head, a 5 s read deadline, and at most 64 connections at a time.
/// </summary>
internal sealed partial class EndpointServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxConnections = 64;
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(5);

    private readonly Func<string, string, EndpointResponse> _respond;
    private SocketListener _listener = null!;

    private EndpointServer(Func<string, string, EndpointResponse> respond) => _respond = respond;

    /// <summary>The addresses actually bound (port 0 resolves to the one the OS picked).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _listener.Endpoints;

    /// <summary>Binds every endpoint (throws <see cref="SocketException"/> when one is taken) and starts answering
    /// with <paramref name="respond"/>(method, path).</summary>
    public static EndpointServer Start(IEnumerable<IPEndPoint> endpoints, Func<string, string, EndpointResponse> respond, ILogger logger)
    {
        var server = new EndpointServer(respond);
        server._listener = SocketListener.Start(endpoints, MaxConnections, server.ServeAsync, error => AcceptFailed(logger, error));
        return server;
    }

    private async Task ServeAsync(Socket connection, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(ReadDeadline);
        var head = new byte[MaxHeadBytes];
        try
        {
            var (length, end) = await RequestHead.ReceiveAsync(connection, head, deadline.Token).ConfigureAwait(false);
            if (length == 0)
            {
                return;
            }
            if (end < 0)
            {
                await WriteAsync(connection, new EndpointResponse(431, "text/plain; charset=utf-8", "request header too large"), false, deadline.Token).ConfigureAwait(false);
                return;
            }
            var (method, path) = ParseRequestLine(head.AsSpan(0, length));
            var response = method is null
                ? new EndpointResponse(400, "text/plain; charset=utf-8", "bad request")
                : method is "GET" or "HEAD"
                    ? _respond(method, path!)
                    : new EndpointResponse(405, "text/plain; charset=utf-8", "method not allowed");
            await WriteAsync(connection, response, method != "HEAD", deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Too slow, or stopping.
        }
        catch (SocketException)
        {
            // The client went away.
        }
    }

    /// <summary>"GET /metrics?x=y HTTP/1.1" → ("GET", "/metrics"); (null, null) when it is not a request line.</summary>
    internal static (string? Method, string? Path) ParseRequestLine(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf("\r\n"u8);
        var line = Encoding.ASCII.GetString(end < 0 ? head : head[..end]);
        var parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !parts[1].StartsWith('/'))
        {
            return (null, null);
        }
        var path = parts[1];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query < 0 ? path : path[..query]);
    }

    private static async Task WriteAsync(Socket connection, EndpointResponse response, bool withBody, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await connection.SendAsync(head, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (withBody)
        {
            await connection.SendAsync(body, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        connection.Shutdown(SocketShutdown.Send);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    [LoggerMessage(EventIdRanges.Endpoints, LogLevel.Debug, "Accepting a connection on the endpoints failed: {Error}")]
    private static partial void AcceptFailed(ILogger logger, string error);
}
