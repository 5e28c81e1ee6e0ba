using System.Net;
using EcsBridge.Hosting;

namespace EcsBridge.UnitTests.Hosting;

public sealed class BindAddressTests
{
    [Theory]
    [InlineData(":8080", "0.0.0.0", 8080)]
    [InlineData("0.0.0.0:8081", "0.0.0.0", 8081)]
    [InlineData("127.0.0.1:9090", "127.0.0.1", 9090)]
    [InlineData("localhost:8080", "127.0.0.1", 8080)]
    [InlineData("[::1]:8443", "::1", 8443)]
    [InlineData("[::]:8080", "::", 8080)]
    [InlineData(":0", "0.0.0.0", 0)]
    public void Kubebuilder_style_addresses_become_endpoints(string text, string address, int port)
    {
        BindAddress.TryParse(text, out var endpoint).ShouldBeTrue();

        endpoint.ShouldBe(new IPEndPoint(IPAddress.Parse(address), port));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("8080")]
    [InlineData(":")]
    [InlineData(":http")]
    [InlineData(":-1")]
    [InlineData(":65536")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("example.com:8080")]
    [InlineData("::1")]
    [InlineData("::1:8080")]
    [InlineData("999.0.0.1:80")]
    public void Anything_else_is_rejected(string text)
    {
        BindAddress.TryParse(text, out _).ShouldBeFalse();
    }
}
