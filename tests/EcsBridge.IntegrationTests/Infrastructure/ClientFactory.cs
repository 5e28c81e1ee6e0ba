using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Builds <see cref="KubeClient"/>s against the fixture's control plane.</summary>
internal static class ClientFactory
{
    public static KubeClientSettings AdminSettings(this ControlPlaneFixture fixture) => KubeClientSettings.FromKubeconfig(fixture.KubeconfigPath);

    /// <summary>An admin (system:masters) client from the fixture's kubeconfig (client-certificate auth).</summary>
    public static KubeClient CreateAdminClient(this ControlPlaneFixture fixture) => new(fixture.AdminSettings());

    /// <summary>A client for a user of the given name and groups, with a certificate signed by the fixture's CA.</summary>
    public static KubeClient CreateClientFor(this ControlPlaneFixture fixture, string user, params string[] groups) =>
        new(KubeClientSettings.FromKubeconfig(fixture.Plane.WriteKubeconfigFor(user, groups)));
}
