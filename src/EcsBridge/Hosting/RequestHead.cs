using System.Net.Sockets;

namespace EcsBridge.Hosting;

/// <summary>How both small HTTP servers receive a request head: into a fixed buffer, until the blank line.</summary>
internal static class RequestHead
{
    /// <summary>Receives until <paramref name="buffer"/> holds "\r\n\r\n". Returns the bytes received and where the
    /// head ends (the index of that blank line); End is -1 when the buffer filled first (too large) and Length is 0
    /// when the client closed before a head arrived.</summary>
    public static async Task<(int Length, int End)> ReceiveAsync(Socket connection, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                return (length, -1);
            }
            var read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (0, -1);
            }
            length += read;
        }
        return (length, end);
    }
}
