using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>A loopback TCP relay in front of the API server, so a test can cut one client off (a network
/// partition, as that client sees it) while the API server keeps serving everyone else. TLS passes through
/// untouched; the API server's certificate is valid for 127.0.0.1 whatever the port.</summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _blackhole;

    public TcpRelay(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>From now on nothing gets through: open connections are closed, new ones are accepted and never
    /// answered, so requests hang until the client gives up (the harder case for a client than a refusal).</summary>
    public void Blackhole()
    {
        _blackhole = true;
        foreach (var socket in _open.Keys)
        {
            Close(socket);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_blackhole)
            {
                // Held open and never read: the client waits for an answer that does not come.
                _open[client] = 0;
                continue;
            }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client);
            Close(upstream);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0 || _blackhole)
                {
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _open.Keys)
        {
            Close(socket);
        }
        _stop.Dispose();
    }
}
