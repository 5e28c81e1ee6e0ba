using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.ControlPlane.Cleanup;
using EcsBridge.ControlPlane.Node;

namespace EcsBridge.ControlPlane;

/// <summary>
/// A real Kubernetes control plane on loopback (kube-apiserver on the node's bridge address when a node runs): etcd, kube-apiserver (RBAC authorization) and, by default,
/// kube-controller-manager (service-account tokens, Deployments, garbage collection, HPA). Everything lives in
/// one temporary folder that <see cref="DisposeAsync"/> removes, after stopping the processes.
/// </summary>
public sealed class LocalControlPlane : IAsyncDisposable
{
    // Room for the benchmark's 10,000 Services, and no more: 1.20 rewrites the allocation bitmap (8 KiB for a /16,
    // 128 KiB for a /12) in etcd on every Service create.
    private const string ServiceCidr = "10.96.0.0/16";
    private static readonly IPAddress ServiceIp = IPAddress.Parse("10.96.0.1");

    private readonly Pki _pki;
    private readonly ControlPlaneOptions _options;
    private readonly List<ManagedProcess> _processes = [];
    private readonly int _apiPort;
    private HttpClient? _http;
    private Watchdog? _watchdog;
    private NodeHost? _node;
    private int _disposed;

    private LocalControlPlane(ControlPlaneOptions options, string directory, Pki pki, int etcdPort, int etcdPeerPort, int apiPort)
    {
        _options = options;
        Directory = directory;
        _pki = pki;
        EtcdUrl = new Uri($"http://127.0.0.1:{etcdPort}");
        EtcdPeerPort = etcdPeerPort;
        _apiPort = apiPort;
        ApiServerUrl = new Uri($"https://127.0.0.1:{apiPort}");
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        var admin = pki.IssueClient("ecsbridge-admin", ["system:masters"]);
        AdminCertificatePem = admin.CertPem;
        AdminKeyPem = admin.KeyPem;
    }

    /// <summary>The temporary folder holding certificates, data, logs and the kubeconfig.</summary>
    public string Directory { get; }

    /// <summary>An admin (system:masters) kubeconfig.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Where kube-apiserver listens: loopback, or the bridge address when a node runs (see
    /// <see cref="StartProcessesAsync"/>). Every kubeconfig this control plane writes points here.</summary>
    public Uri ApiServerUrl { get; private set; }

    public Uri EtcdUrl { get; }

    private int EtcdPeerPort { get; }

    private string EtcdEndpoint => EtcdUrl.GetLeftPart(UriPartial.Authority);

    public string CaPem => _pki.CaPem;

    internal string AdminCertificatePem { get; }

    internal string AdminKeyPem { get; }

    /// <summary>Folders of crashed earlier runs that this start removed.</summary>
    public IReadOnlyList<string> RemovedStaleFolders { get; private set; } = [];

    /// <summary>PID of the process that stops this control plane if its owner dies without stopping it.</summary>
    public int? WatchdogProcessId => _watchdog?.ProcessId;

    /// <summary>True when a node runs beside the control plane (pods get scheduled and run).</summary>
    public bool HasNode => _node is not null;

    /// <summary>Why no node runs although one was asked for (one line), or null.</summary>
    public string? NodeUnavailableReason { get; private set; }

    /// <summary>The node's name, when one runs.</summary>
    public static string NodeName => NodeLayout.NodeName;

    /// <summary>The socket of the node's containerd (for <c>ctr -a … -n k8s.io images import</c>), when a node runs.</summary>
    public string? ContainerdSocket => _node?.ContainerdSocket;

    /// <summary>Imports an image tarball (docker-archive or OCI) into the node's containerd, where the kubelet finds
    /// it: the way to run an image no registry serves.</summary>
    public Task ImportImageAsync(string tarball, CancellationToken cancellationToken = default) =>
        (_node ?? throw new InvalidOperationException("no node runs: " + (NodeUnavailableReason ?? "none was asked for")))
        .ImportImageAsync(tarball, cancellationToken);

    public ManagedProcess Etcd => _processes[0];

    public ManagedProcess ApiServer => _processes[1];

    public ManagedProcess? ControllerManager => _processes.Count > 2 ? _processes[2] : null;

    /// <summary>Starts etcd, kube-apiserver and kube-controller-manager and waits until each is healthy.</summary>
    public static async Task<LocalControlPlane> StartAsync(ControlPlaneOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var binary in options.StartControllerManager
                     ? new[] { "etcd", "kube-apiserver", "kube-controller-manager" }
                     : new[] { "etcd", "kube-apiserver" })
        {
            if (!File.Exists(Path.Combine(options.AssetsDirectory, binary)))
            {
                throw new ControlPlaneStartException(
                    $"{binary} not found in {options.AssetsDirectory}; run `make envtest` or set KUBEBUILDER_ASSETS");
            }
        }

        var root = options.TempRoot ?? Path.GetTempPath();
        // A crashed run's node first: its mounts live in its folder, which can only go once they are undone.
        await NodeHost.UndoStaleAsync(cancellationToken).ConfigureAwait(false);
        var removed = await StaleControlPlanes.RemoveAsync(root, null, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        // A port FreePort chose can be taken (an outgoing connection gets it from the same ephemeral range) before the
        // process binds it; that start is thrown away whole and made again with fresh ports, a few times at most.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(root, StaleControlPlanes.Prefix + Guid.NewGuid().ToString("N")[..12]);
            System.IO.Directory.CreateDirectory(directory);
            // The owner record first: from here on a crash leaves a folder the next start recognises as stale.
            File.WriteAllText(Path.Combine(directory, StaleControlPlanes.OwnerFile), ProcessIdentity.Current().Serialize());
            System.IO.Directory.CreateDirectory(Path.Combine(directory, StaleControlPlanes.PidDirectory));
            var pki = Pki.Create(TimeProvider.System);
            var plane = new LocalControlPlane(options, directory, pki, FreePort.Next(), FreePort.Next(), FreePort.Next())
            {
                RemovedStaleFolders = removed,
            };
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    plane._watchdog = Watchdog.Start(directory, ProcessIdentity.Current());
                }
                await plane.StartProcessesAsync(cancellationToken).ConfigureAwait(false);
                return plane;
            }
            catch (ControlPlaneStartException ex) when (ex.PortTaken && attempt < MaxStartAttempts)
            {
                await plane.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await plane.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private const int MaxStartAttempts = 3;

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        if (_options.StartNode)
        {
            (_node, NodeUnavailableReason) = await NodeHost.ClaimAsync(_options.AssetsDirectory, Directory, ServiceCidr, cancellationToken).ConfigureAwait(false);
        }
        // Pods reach the API through the `kubernetes` Service, which kube-proxy sends to the advertise address. With
        // a node that is the bridge address (created by the claim above), and kube-apiserver has one --bind-address,
        // so it listens there and every client on the host uses that address too; without a node, loopback.
        var apiHost = _node is null ? "127.0.0.1" : NodeLayout.BridgeIp;
        ApiServerUrl = new Uri($"https://{apiHost}:{_apiPort}");
        File.WriteAllText(KubeconfigPath, KubeconfigWriter.Render(ApiServerUrl, _pki.CaPem, AdminCertificatePem, AdminKeyPem, "ecsbridge-local"));
        _http = CreateAdminHttpClient();
        var pkiDir = Path.Combine(Directory, "pki");
        System.IO.Directory.CreateDirectory(pkiDir);
        string WritePem(string name, string pem)
        {
            var path = Path.Combine(pkiDir, name);
            File.WriteAllText(path, pem);
            return path;
        }

        var caFile = WritePem("ca.crt", _pki.CaPem);
        var serving = _pki.IssueServing("kube-apiserver", _node is null ? [ServiceIp] : [ServiceIp, IPAddress.Parse(NodeLayout.BridgeIp)]);
        var servingCert = WritePem("apiserver.crt", serving.CertPem);
        var servingKey = WritePem("apiserver.key", serving.KeyPem);
        var sa = Pki.CreateServiceAccountKeyPair();
        var saPub = WritePem("sa.pub", sa.PublicPem);
        var saKey = WritePem("sa.key", sa.PrivatePem);
        var kcm = _pki.IssueClient("system:kube-controller-manager", []);
        var kcmKubeconfig = Path.Combine(Directory, "kube-controller-manager.kubeconfig");
        File.WriteAllText(kcmKubeconfig, KubeconfigWriter.Render(ApiServerUrl, _pki.CaPem, kcm.CertPem, kcm.KeyPem, "local"));

        var logs = Path.Combine(Directory, "logs");
        System.IO.Directory.CreateDirectory(logs);
        var assets = _options.AssetsDirectory;

        var etcd = new ManagedProcess("etcd", Path.Combine(assets, "etcd"),
        [
            "--name=default",
            "--data-dir=" + Path.Combine(Directory, "etcd"),
            "--listen-client-urls=" + EtcdEndpoint,
            "--advertise-client-urls=" + EtcdEndpoint,
            $"--listen-peer-urls=http://127.0.0.1:{EtcdPeerPort}",
            $"--initial-advertise-peer-urls=http://127.0.0.1:{EtcdPeerPort}",
            $"--initial-cluster=default=http://127.0.0.1:{EtcdPeerPort}",
            "--quota-backend-bytes=8589934592",
            "--log-level=warn",
        ], Path.Combine(logs, "etcd.log")) { PidFile = PidFile("etcd") };
        _processes.Add(etcd);
        etcd.Start();
        await WaitUntilAsync(etcd, async ct =>
        {
            using var plain = new HttpClient();
            using var response = await plain.GetAsync(new Uri(EtcdUrl, "/health"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }, cancellationToken).ConfigureAwait(false);

        var apiArgs = new List<string>
        {
            "--etcd-servers=" + EtcdEndpoint,
            "--bind-address=" + apiHost,
            "--advertise-address=" + apiHost,
            "--secure-port=" + ApiServerUrl.Port.ToString(CultureInfo.InvariantCulture),
            "--insecure-port=0",
            "--tls-cert-file=" + servingCert,
            "--tls-private-key-file=" + servingKey,
            "--client-ca-file=" + caFile,
            // The Node authorizer lets a kubelet read what its own pods need and write its node's status.
            "--authorization-mode=" + (_node is null ? "RBAC" : "Node,RBAC"),
            "--service-cluster-ip-range=" + ServiceCidr,
            "--service-account-issuer=" + ApiServerUrl.GetLeftPart(UriPartial.Authority),
            "--service-account-key-file=" + saPub,
            "--service-account-signing-key-file=" + saKey,
            "--allow-privileged=true",
            "--cert-dir=" + Path.Combine(Directory, "apiserver-certs"),
            "--v=1",
        };
        apiArgs.AddRange(_options.ExtraApiServerArgs);
        var apiServer = new ManagedProcess("kube-apiserver", Path.Combine(assets, "kube-apiserver"), apiArgs, Path.Combine(logs, "kube-apiserver.log")) { PidFile = PidFile("kube-apiserver") };
        _processes.Add(apiServer);
        apiServer.Start();
        await WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);

        if (_options.StartControllerManager)
        {
            var kcmPort = FreePort.Next();
            var controllerManager = new ManagedProcess("kube-controller-manager", Path.Combine(assets, "kube-controller-manager"),
            [
                "--kubeconfig=" + kcmKubeconfig,
                "--authentication-kubeconfig=" + kcmKubeconfig,
                "--authorization-kubeconfig=" + kcmKubeconfig,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--port=0",
                "--secure-port=" + kcmPort.ToString(CultureInfo.InvariantCulture),
                "--cert-dir=" + Path.Combine(Directory, "kcm-certs"),
                "--service-account-private-key-file=" + saKey,
                "--root-ca-file=" + caFile,
                "--use-service-account-credentials=true",
                "--controllers=*",
                "--concurrent-deployment-syncs=10",
                "--concurrent-replicaset-syncs=10",
                "--concurrent-gc-syncs=20",
                "--horizontal-pod-autoscaler-sync-period=5s",
                "--v=1",
            ], Path.Combine(logs, "kube-controller-manager.log"))
            {
                RestartOnExit = true,
                PidFile = PidFile("kube-controller-manager"),
            };
            _processes.Add(controllerManager);
            controllerManager.Start();
            var kcmHealth = new Uri($"https://127.0.0.1:{kcmPort}/healthz");
            using var insecure = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
            await WaitUntilAsync(controllerManager, async ct =>
            {
                using var response = await insecure.GetAsync(kcmHealth, ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }, cancellationToken).ConfigureAwait(false);
        }

        if (_node is not null)
        {
            await _node.StartAsync(new NodeStartContext
            {
                ServiceCidr = ServiceCidr,
                WriteKubeconfig = WriteKubeconfigFor,
                PidFile = PidFile,
                // A node's parts start slower than the control plane's on a busy machine (images, CNI, status sync).
                WaitUntil = (process, probe, ct) => WaitUntilAsync(process, probe, ct, _options.StartTimeout * 3),
                NodeReady = IsNodeReadyAsync,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsNodeReadyAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(ApiServerUrl, "/api/v1/nodes/" + NodeLayout.NodeName), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return node?["status"]?["conditions"]?.AsArray().Any(c =>
            c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
    }

    private HttpClient Http => _http ?? throw new InvalidOperationException("the control plane has not started");

    private string PidFile(string name) => Path.Combine(Directory, StaleControlPlanes.PidDirectory, name + ".pid");

    /// <summary>Waits for kube-apiserver's <c>/readyz</c>.</summary>
    public Task WaitForApiServerAsync(CancellationToken cancellationToken = default) =>
        WaitUntilAsync(ApiServer, async ct =>
        {
            using var response = await Http.GetAsync(new Uri(ApiServerUrl, "/readyz"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }, cancellationToken);

    private async Task WaitUntilAsync(ManagedProcess process, Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var limit = timeout ?? _options.StartTimeout;
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!process.IsRunning)
            {
                var tail = process.Tail();
                throw new ControlPlaneStartException($"{process.Name} exited during start-up. Last lines of {process.LogPath}:\n{tail}",
                    portTaken: tail.Contains("address already in use", StringComparison.Ordinal));
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                if (await probe(attempt.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        throw new ControlPlaneStartException(
            $"{process.Name} did not become healthy within {limit.TotalSeconds:0} s ({last?.Message ?? "no answer"}). Last lines of {process.LogPath}:\n{process.Tail()}");
    }

    /// <summary>An HttpClient that authenticates as the admin identity and trusts only this control plane's CA.</summary>
    public HttpClient CreateAdminHttpClient()
    {
        var clientCert = X509Certificate2.CreateFromPem(AdminCertificatePem, AdminKeyPem);
        var ca = _pki.CaCertificate;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCert],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = ApiServerUrl };
    }

    /// <summary>Writes a kubeconfig for another identity, signed by this control plane's CA, and returns its path.
    /// Kubernetes reads the user name from the certificate's CN and the groups from its O entries.</summary>
    public string WriteKubeconfigFor(string user, params string[] groups)
    {
        var identity = _pki.IssueClient(user, groups);
        var safe = new string(user.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        var path = Path.Combine(Directory, $"kubeconfig-{safe}-{Guid.NewGuid().ToString("N")[..8]}");
        File.WriteAllText(path, KubeconfigWriter.Render(ApiServerUrl, _pki.CaPem, identity.CertPem, identity.KeyPem, "local"));
        return path;
    }

    /// <summary>Stops kube-apiserver (a network stall, as clients see it).</summary>
    public Task StopApiServerAsync() => ApiServer.StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>Starts kube-apiserver again and waits for it to be ready.</summary>
    public async Task StartApiServerAsync(CancellationToken cancellationToken = default)
    {
        ApiServer.Start();
        await WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RestartApiServerAsync(CancellationToken cancellationToken = default)
    {
        await StopApiServerAsync().ConfigureAwait(false);
        await StartApiServerAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RestartEtcdAsync(CancellationToken cancellationToken = default)
    {
        await Etcd.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Etcd.Start();
        await WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compacts etcd's history up to its current revision, so any watch resumed from an older
    /// resourceVersion is answered with 410 Gone.</summary>
    public async Task CompactEtcdAsync(CancellationToken cancellationToken = default)
    {
        using var plain = new HttpClient { BaseAddress = EtcdUrl };
        var key = Convert.ToBase64String(Encoding.ASCII.GetBytes("/"));
        using var range = await plain.PostAsync("/v3/kv/range",
            new StringContent($$"""{"key":"{{key}}","limit":1}""", Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        range.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await range.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var revision = body?["header"]?["revision"]?.GetValue<string>()
            ?? throw new InvalidOperationException("etcd did not report its revision");
        using var compact = await plain.PostAsync("/v3/kv/compaction",
            new StringContent($$"""{"revision":"{{revision}}","physical":true}""", Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        compact.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // The node's processes first (its kubelet talks to the API server), then the controller manager and the API
        // server before their store; the node's host changes last, since the API server listens on the bridge.
        if (_node is not null)
        {
            await _node.StopProcessesAsync().ConfigureAwait(false);
        }
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync().ConfigureAwait(false);
        }
        if (_node is not null)
        {
            await _node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        _http?.Dispose();
        _pki.Dispose();
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still held open by a dying process; the OS temp cleaner will take it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
