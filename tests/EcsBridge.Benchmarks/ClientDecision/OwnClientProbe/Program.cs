using System.Runtime.InteropServices;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models.Workloads;

// Usage: OwnClientProbe kubeconfig PATH
// Lists namespaces and pods once (as KubernetesClientProbe does), then idles until SIGTERM so the script can read its RSS.
if (args is not ["kubeconfig", var path])
{
    throw new ArgumentException("usage: OwnClientProbe kubeconfig PATH");
}
using var client = new KubeClient(KubeClientSettings.FromKubeconfig(path));
var namespaces = await client.ListAllAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.KubeObject);
var pods = await client.ListAllAsync(ResourceType.Pods, null, WorkloadsJsonContext.Default.Pod);
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
Console.WriteLine($"ready namespaces={namespaces.Items.Count} pods={pods.Items.Count}");

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
