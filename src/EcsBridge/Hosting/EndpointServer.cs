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

    private readonly List<Socket> _listeners;
    private readonly Func<string, string, EndpointResponse> _respond;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _connections = new(MaxConnections);
    private readonly Task _accepting;

    private EndpointServer(List<Socket> listeners, Func<string, string, EndpointResponse> respond, ILogger logger)
    {
        _listeners = listeners;
        _respond = respond;
        _logger = logger;
        _accepting = Task.WhenAll(listeners.Select(l => Task.Run(() => AcceptAsync(l))));
    }

    /// <summary>The addresses actually bound (port 0 resolves to the one the OS picked).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!).ToList();

    /// <summary>Binds every endpoint (throws <see cref="SocketException"/> when one is taken) and starts answering
    /// with <paramref name="respond"/>(method, path).</summary>
    public static EndpointServer Start(IEnumerable<IPEndPoint> endpoints, Func<string, string, EndpointResponse> respond, ILogger logger)
    {
        var listeners = new List<Socket>();
        try
        {
            foreach (var endpoint in endpoints)
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listeners.Add(socket);
                socket.Bind(endpoint);
                socket.Listen(128);
            }
        }
        catch
        {
            listeners.ForEach(l => l.Dispose());
            throw;
        }
        return new EndpointServer(listeners, respond, logger);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                AcceptFailed(_logger, ex.SocketErrorCode.ToString());
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (!_connections.Wait(0))
            {
                // Over the limit: refuse rather than queue without bound.
                connection.Dispose();
                continue;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(connection).ConfigureAwait(false);
                }
                finally
                {
                    connection.Dispose();
                    _connections.Release();
                }
            });
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(ReadDeadline);
        var head = new byte[MaxHeadBytes];
        var length = 0;
        try
        {
            while (head.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
            {
                if (length == head.Length)
                {
                    await WriteAsync(connection, new EndpointResponse(431, "text/plain; charset=utf-8", "request header too large"), false, deadline.Token).ConfigureAwait(false);
                    return;
                }
                var read = await connection.ReceiveAsync(head.AsMemory(length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }
                length += read;
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

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listeners.ForEach(l => l.Dispose());
        await _accepting.ConfigureAwait(false);
        // _stopping stays undisposed: a connection still being answered may link to it.
    }

    [LoggerMessage(EventIdRanges.Endpoints, LogLevel.Debug, "Accepting a connection on the endpoints failed: {Error}")]
    private static partial void AcceptFailed(ILogger logger, string error);
}
