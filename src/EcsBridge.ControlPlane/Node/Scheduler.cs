namespace EcsBridge.ControlPlane.Node;

/// <summary>kube-scheduler's command line: no leader election, no listener (nothing scrapes it here).</summary>
internal static class Scheduler
{
    public static IReadOnlyList<string> Arguments(string kubeconfig) =>
    [
        "--kubeconfig=" + kubeconfig,
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        "--port=0",
        "--secure-port=0",
        "--v=1",
    ];
}
