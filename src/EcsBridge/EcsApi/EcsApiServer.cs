using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes;
using Microsoft.Extensions.Logging;

namespace EcsBridge.EcsApi;

/// <summary>
/// The HTTP/1.1 listener of the ECS API: one request per connection (answered with `Connection: close`, which the
/// AWS SDKs and CLI handle by reconnecting), bodies with Content-Length only (what SDKs send for JSON). Small on
/// purpose, like the probe endpoints: no web framework in the operator. Guards: 16 KiB of headers, 2 MiB of body,
/// 30 s to receive a request, at most 64 connections at a time.
/// </summary>
internal sealed partial class EcsApiServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxBodyBytes = 2 * 1024 * 1024;
    private const int MaxConnections = 64;
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(30);

    private readonly Func<EcsHttpRequest, CancellationToken, Task<EcsHttpResponse>> _handle;
    private SocketListener _listener = null!;

    private EcsApiServer(Func<EcsHttpRequest, CancellationToken, Task<EcsHttpResponse>> handle) => _handle = handle;

    /// <summary>The address bound (port 0 resolves to the one the OS picked).</summary>
    public IPEndPoint Endpoint => _listener.Endpoints[0];

    public static EcsApiServer Start(IPEndPoint endpoint, Func<EcsHttpRequest, CancellationToken, Task<EcsHttpResponse>> handle, ILogger logger)
    {
        var server = new EcsApiServer(handle);
        server._listener = SocketListener.Start([endpoint], MaxConnections, server.ServeAsync, error => AcceptFailed(logger, error));
        return server;
    }

    private async Task ServeAsync(Socket connection, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(ReadDeadline);
        try
        {
            var request = await ReadAsync(connection, deadline.Token).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }
            EcsHttpResponse response;
            if (request.Value.Error is { } error)
            {
                response = error;
            }
            else
            {
                // The deadline was for receiving; the operation itself gets the server's lifetime.
                response = await _handle(request.Value.Request!, stopping).ConfigureAwait(false);
            }
            await WriteAsync(connection, response, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static async Task<(EcsHttpRequest? Request, EcsHttpResponse? Error)?> ReadAsync(Socket connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var (length, headEnd) = await RequestHead.ReceiveAsync(connection, buffer, cancellationToken).ConfigureAwait(false);
        if (length == 0)
        {
            return null;
        }
        if (headEnd < 0)
        {
            return (null, Plain(431, "request header too large"));
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (null, Plain(400, "bad request"));
        }
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (null, Plain(400, "bad header"));
            }
            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        var head = new EcsHttpRequest(requestLine[0], requestLine[1], headers, []);
        if (head.Header("transfer-encoding") is not null)
        {
            return (null, Plain(411, "a Content-Length is required"));
        }
        var contentLength = 0;
        if (head.Header("content-length") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength) || contentLength > MaxBodyBytes))
        {
            return (null, Plain(413, "request body too large"));
        }
        var body = new byte[contentLength];
        var already = Math.Min(length - (headEnd + 4), contentLength);
        buffer.AsSpan(headEnd + 4, already).CopyTo(body);
        var received = already;
        while (received < contentLength)
        {
            var read = await connection.ReceiveAsync(body.AsMemory(received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }
            received += read;
        }
        return (head with { Body = body }, null);
    }

    private static EcsHttpResponse Plain(int status, string text) => new(status, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");

    private static async Task WriteAsync(Socket connection, EcsHttpResponse response, CancellationToken cancellationToken)
    {
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Bad Request")}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {response.Body.Length}\r\nx-amzn-RequestId: {Guid.NewGuid()}\r\nConnection: close\r\n\r\n");
        await connection.SendAsync(head, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(response.Body, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        connection.Shutdown(SocketShutdown.Send);
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    [LoggerMessage(EventIdRanges.EcsApi, LogLevel.Debug, "Accepting a connection on the ECS API failed: {Error}")]
    private static partial void AcceptFailed(ILogger logger, string error);
}
