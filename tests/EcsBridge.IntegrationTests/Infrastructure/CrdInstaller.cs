using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.ControlPlane;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Installs the committed CRDs (config/crd/bases) into a control plane and waits until they serve.
/// Idempotent and safe to call from any number of test classes: the install runs once per control plane
/// (server-side apply, so a re-run after `make crds` updates them).</summary>
public static class CrdInstaller
{
    private static readonly ConditionalWeakTable<LocalControlPlane, Task> Installs = new();
    private static readonly Lock Gate = new();

    /// <summary>The resource paths (group/version/plural) the installed CRDs serve.</summary>
    public static IReadOnlyList<string> ServedResources { get; } =
        ["/apis/ecsbridge.io/v1alpha1/ecstaskdefinitions", "/apis/ecsbridge.io/v1alpha1/ecsservices", "/apis/ecsbridge.io/v1alpha1/ecstasks"];

    public static Task EnsureInstalledAsync(ControlPlaneFixture fixture, CancellationToken cancellationToken = default)
    {
        Task install;
        lock (Gate)
        {
            if (!Installs.TryGetValue(fixture.Plane, out install!) || install.IsFaulted || install.IsCanceled)
            {
                install = InstallAsync(fixture.Plane, fixture.RepositoryRoot, cancellationToken);
                Installs.AddOrUpdate(fixture.Plane, install);
            }
        }
        return install;
    }

    private static async Task InstallAsync(LocalControlPlane plane, string repositoryRoot, CancellationToken cancellationToken)
    {
        using var http = plane.CreateAdminHttpClient();
        var names = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(repositoryRoot, "config", "crd", "bases"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var crd in ReadYamlDocuments(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)))
            {
                var name = crd["metadata"]!["name"]!.GetValue<string>();
                names.Add(name);
                using var request = new HttpRequestMessage(HttpMethod.Patch,
                    $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}?fieldManager=ecsbridge-tests&force=true")
                {
                    // JSON is YAML, so it is a valid apply-patch+yaml body.
                    Content = new StringContent(crd.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml"),
                };
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"installing {name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
                }
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var name in names)
        {
            while (!await IsEstablishedAsync(http, name, cancellationToken).ConfigureAwait(false))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"CRD {name} was not Established within 60 s");
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        // Established can come a moment before the handler serves; wait until a LIST answers.
        foreach (var path in ServedResources)
        {
            while (true)
            {
                using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{path} did not serve within 60 s ({(int)response.StatusCode})");
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> IsEstablishedAsync(HttpClient http, string name, CancellationToken cancellationToken)
    {
        var crd = await http.GetFromJsonAsync<JsonNode>($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", cancellationToken).ConfigureAwait(false);
        return crd?["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true;
    }

    /// <summary>Reads a multi-document YAML text as JSON objects, with the product's own reader (the one
    /// `convert` and `render` use).</summary>
    public static IReadOnlyList<JsonObject> ReadYamlDocuments(string yaml) =>
        [.. EcsBridge.Core.Ecs.YamlDocuments.Parse(yaml, "yaml").Select(d => d.Node).OfType<JsonObject>()];
}
