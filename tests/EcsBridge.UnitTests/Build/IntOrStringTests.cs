using System.Text.Json;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build;

public sealed class IntOrStringTests
{
    [Theory]
    [InlineData("{\"maxUnavailable\":1,\"maxSurge\":\"25%\"}")]
    [InlineData("{\"maxUnavailable\":\"0%\",\"maxSurge\":0}")]
    public void Numbers_stay_numbers_and_strings_stay_strings(string json)
    {
        var value = JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.RollingUpdateDeployment)!;

        JsonSerializer.Serialize(value, WorkloadsJsonContext.Default.RollingUpdateDeployment).ShouldBe(json);
    }
}
