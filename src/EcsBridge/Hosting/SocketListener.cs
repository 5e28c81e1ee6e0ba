using System.Net;
using System.Net.Sockets;

namespace EcsBridge.Hosting;

/// <summary>
/// What the operator's two small HTTP servers (the probe and metrics endpoints, the ECS API) share: bound sockets, an
/// accept loop per socket, a bound on concurrent connections (over it a connection is closed at once rather than
/// queued without bound), and one call of <c>serve</c> per connection, which gets the listener's stopping token.
/// Each server keeps its own protocol handling.
/// </summary>
internal sealed class SocketListener : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly Action<string> _acceptFailed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _connections;
    private readonly Task _accepting;

    private SocketListener(List<Socket> sockets, int maxConnections, Func<Socket, CancellationToken, Task> serve, Action<string> acceptFailed)
    {
        _sockets = sockets;
        _serve = serve;
        _acceptFailed = acceptFailed;
        _connections = new SemaphoreSlim(maxConnections);
        _accepting = Task.WhenAll(sockets.Select(s => Task.Run(() => AcceptAsync(s))));
    }

    /// <summary>The addresses actually bound (port 0 resolves to the one the OS picked).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

    /// <summary>Binds every endpoint (throws <see cref="SocketException"/> when one is taken) and starts accepting;
    /// <paramref name="acceptFailed"/> hears the socket error of a failed accept (the loop goes on).</summary>
    public static SocketListener Start(IEnumerable<IPEndPoint> endpoints, int maxConnections, Func<Socket, CancellationToken, Task> serve,
        Action<string> acceptFailed)
    {
        var sockets = new List<Socket>();
        try
        {
            foreach (var endpoint in endpoints)
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(endpoint);
                socket.Listen(128);
            }
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }
        return new SocketListener(sockets, maxConnections, serve, acceptFailed);
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
                _acceptFailed(ex.SocketErrorCode.ToString());
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (!_connections.Wait(0))
            {
                connection.Dispose();
                continue;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    await _serve(connection, _stopping.Token).ConfigureAwait(false);
                }
                finally
                {
                    connection.Dispose();
                    _connections.Release();
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _sockets.ForEach(s => s.Dispose());
        await _accepting.ConfigureAwait(false);
        // _stopping stays undisposed: a connection still being answered may link to it.
    }
}
