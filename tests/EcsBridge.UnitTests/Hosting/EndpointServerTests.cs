using System.Net;
using System.Net.Sockets;
using System.Text;
using EcsBridge.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsBridge.UnitTests.Hosting;

public sealed class EndpointServerTests
{
    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/metrics")]
    [InlineData("HEAD /readyz?verbose=1 HTTP/1.0\r\n\r\n", "HEAD", "/readyz")]
    [InlineData("POST /healthz HTTP/1.1\r\n\r\n", "POST", "/healthz")]
    public void A_request_line_gives_method_and_path_without_the_query(string head, string method, string path)
    {
        EndpointServer.ParseRequestLine(Encoding.ASCII.GetBytes(head)).ShouldBe((method, path));
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001 TLS hello\r\n\r\n")]
    [InlineData("GET metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics SPDY/3\r\n\r\n")]
    [InlineData("GET\r\n\r\n")]
    public void Anything_else_is_not_a_request(string head)
    {
        EndpointServer.ParseRequestLine(Encoding.ASCII.GetBytes(head)).ShouldBe((null, null));
    }

    [Fact]
    public async Task It_answers_over_a_real_socket_and_refuses_other_methods()
    {
        await using var server = EndpointServer.Start([new IPEndPoint(IPAddress.Loopback, 0)],
            (_, path) => path == "/ok" ? new EndpointResponse(200, "text/plain", "fine ✓") : new EndpointResponse(404, "text/plain", "no"),
            NullLogger.Instance);
        var port = server.Endpoints[0].Port;
        using var http = new HttpClient();

        var ok = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/ok"));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync()).ShouldBe("fine ✓");
        (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/missing"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.PostAsync(new Uri($"http://127.0.0.1:{port}/ok"), new StringContent("x"))).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public void A_taken_port_fails_to_bind()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        Should.Throw<SocketException>(() => EndpointServer.Start([new IPEndPoint(IPAddress.Loopback, port)], (_, _) => default, NullLogger.Instance));
    }
}
