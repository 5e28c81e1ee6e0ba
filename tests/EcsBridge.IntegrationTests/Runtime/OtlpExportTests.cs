using System.Text;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 13 item 11: telemetry really leaves the process. The operator runs with only
/// OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP receiver (no protocol named, so the default must be
/// http/protobuf); a reconcile span and the reconcile counter must arrive there. The payloads are checked for the
/// protobuf encoding of the expected fields, written out here from the OTLP schema, not by the SDK.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OtlpExportTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_reconcile_span_and_the_reconcile_counter_reach_an_otlp_http_receiver()
    {
        var ns = await fixture.CreateNamespaceAsync("otlp");
        using var admin = fixture.CreateAdminClient();
        await CrdInstaller.EnsureInstalledAsync(fixture);
        using var receiver = OtlpHttpReceiver.Start();
        var healthPort = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            // Short intervals so the test waits seconds, not the SDK's default minute.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        };
        // Nothing inherited may change what is checked: the protocol default, the service name, plain bodies.
        foreach (var name in new[]
        {
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_COMPRESSION",
            "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SDK_DISABLED", "OTEL_TRACES_SAMPLER",
        })
        {
            environment[name] = null;
        }
        using var op = EcsBridgeCommand.Start(
        [
            "run", "--kubeconfig", fixture.KubeconfigPath, "--metrics-bind-address=0",
            $"--health-probe-bind-address=127.0.0.1:{healthPort}", $"--watch-namespaces={ns}",
        ], environment);
        (await Readyz.WaitAsync(healthPort, () => !op.HasExited, TimeSpan.FromSeconds(60))).ShouldBeTrue(op.Stdout);

        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("web", "app"));
        await WaitForAsync(admin, ResourceType.Deployments, ns, "web", _ => true, "web reconciled\n" + op.Stdout);

        // Span.name is field 5; the span's attribute ecsbridge.key names the object reconciled.
        var span = Field(5, "reconcile ecsservice");
        var key = StringAttribute("ecsbridge.key", $"{ns}/web");
        var serviceName = StringAttribute("service.name", "ecsbridge");
        var traces = await WaitForBodyAsync(receiver, "/v1/traces", body => Contains(body, span) && Contains(body, key), op);
        Contains(traces, serviceName).ShouldBeTrue("resource service.name = ecsbridge in the trace export");

        // Metric.name is field 1.
        var counter = Field(1, "controller_runtime_reconcile_total");
        var metrics = await WaitForBodyAsync(receiver, "/v1/metrics", body => Contains(body, counter), op);
        Contains(metrics, serviceName).ShouldBeTrue("resource service.name = ecsbridge in the metrics export");
        Contains(metrics, StringAttribute("controller", "ecsservice")).ShouldBeTrue("the counter carries its controller label");

        // The runtime's own meter (System.Runtime) goes over OTLP; the /metrics-only process gauges do not.
        await WaitForBodyAsync(receiver, "/v1/metrics", body => Contains(body, Field(1, "dotnet.process.memory.working_set")), op);
        receiver.Bodies("/v1/metrics").ShouldNotContain(body => Contains(body, Field(1, "process_resident_memory_bytes")));
        receiver.ContentTypes.ShouldAllBe(type => type.StartsWith("application/x-protobuf", StringComparison.Ordinal));
        output.WriteLine("received: " + receiver.Summary);
    }

    private static async Task<byte[]> WaitForBodyAsync(OtlpHttpReceiver receiver, string path, Func<byte[], bool> match, EcsBridgeCommand op)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (receiver.Bodies(path).FirstOrDefault(match) is { } body)
            {
                return body;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no matching export on {path} within 60 s (received {receiver.Summary}):\n{op.Stdout}");
    }

    /// <summary>A length-delimited protobuf field holding a string (lengths below 128, one byte each).</summary>
    private static byte[] Field(int number, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        bytes.Length.ShouldBeLessThan(128);
        return [(byte)((number << 3) | 2), (byte)bytes.Length, .. bytes];
    }

    /// <summary>An OTLP KeyValue with a string value: key (1) = <paramref name="key"/>, value (2) = AnyValue whose
    /// string_value (1) = <paramref name="value"/>.</summary>
    private static byte[] StringAttribute(string key, string value)
    {
        var anyValue = Field(1, value);
        return [.. Field(1, key), 0x12, (byte)anyValue.Length, .. anyValue];
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
