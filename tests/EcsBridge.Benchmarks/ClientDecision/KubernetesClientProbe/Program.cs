using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using k8s;

// Usage: KubernetesClientProbe kubeconfig PATH | code (configuration from KC_SERVER, KC_CA, KC_CERT, KC_KEY: base64 PEM)
// Lists namespaces and pods once, then idles until SIGTERM so the script can read its RSS.
var config = args[0] switch
{
    "kubeconfig" => KubernetesClientConfiguration.BuildConfigFromConfigFile(args[1]),
    "code" => FromEnvironment(),
    _ => throw new ArgumentException("mode must be kubeconfig or code"),
};
using var client = new Kubernetes(config);
var namespaces = await client.CoreV1.ListNamespaceAsync();
var pods = await client.CoreV1.ListPodForAllNamespacesAsync();
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
Console.WriteLine($"ready namespaces={namespaces.Items.Count} pods={pods.Items.Count}");

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }

static KubernetesClientConfiguration FromEnvironment()
{
    static string Pem(string name) => System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Environment.GetEnvironmentVariable(name)!));
    var ca = new X509Certificate2Collection();
    ca.ImportFromPem(Pem("KC_CA"));
    return new KubernetesClientConfiguration
    {
        Host = Environment.GetEnvironmentVariable("KC_SERVER"),
        SslCaCerts = ca,
        ClientCertificateData = Environment.GetEnvironmentVariable("KC_CERT"),
        ClientCertificateKeyData = Environment.GetEnvironmentVariable("KC_KEY"),
    };
}
