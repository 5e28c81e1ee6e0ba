using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14, item 8: the operator installed as a user installs it. Its image is built here without Docker
/// (tests/envtest/operator-image.sh), imported into the node's containerd and installed with
/// <c>kubectl apply --server-side -k config/local</c> (config/default with that image). It then runs in the cluster
/// under config/manager's restricted settings, with the in-cluster configuration and config/rbac's roles, passes
/// its probes and reconciles a sample to Ready with tasks the kubelet runs. What is asserted is what the node did:
/// the pod's status, the container's process as the host sees it, the answers of its endpoints.</summary>
[Collection(NodeCollection.Name)]
public sealed class InClusterOperatorTests(NodeFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string SystemNamespace = "ecsbridge-system";
    private const string Image = "ecsbridge.local/ecsbridge:dev";
    private const string ServiceAccount = "ecsbridge-controller-manager";
    private const string OperatorUid = "65532";

    /// <summary>The `kubernetes` Service the in-cluster configuration dials (KUBERNETES_SERVICE_HOST/PORT).</summary>
    private static readonly IPEndPoint KubernetesService = new(IPAddress.Parse("10.96.0.1"), 443);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly ResourceType SubjectAccessReviews = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("ecsbridge-image-");
    private KubeClient _admin = null!;
    private string _ns = null!;

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("incluster");
        _admin = fixture.CreateAdminClient();
    }

    /// <summary>Removes the install but the CRDs (the collection's other tests use them) and the sample. kubectl waits
    /// until the namespaces are gone, so the operator and the tasks have stopped before the next test uses the node.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            await KubectlAsync("delete", "namespace", SystemNamespace, _ns, "--ignore-not-found", "--timeout=180s");
            await KubectlAsync("delete", "clusterrole,clusterrolebinding", "-l", "app.kubernetes.io/part-of=ecsbridge", "--ignore-not-found");
        }
        finally
        {
            _admin.Dispose();
            _work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_operator_image_built_here_runs_restricted_in_the_cluster_and_reconciles_a_sample_to_Ready()
    {
        var watch = Stopwatch.StartNew();
        var tarball = await BuildImageAsync();
        output.WriteLine($"image built in {watch.Elapsed.TotalSeconds:0.0} s: {new FileInfo(tarball).Length / 1_000_000.0:0.0} MB");
        watch.Restart();
        await fixture.Plane.ImportImageAsync(tarball);
        output.WriteLine($"image imported into the node's containerd in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        await KubectlAsync("apply", "--server-side", "-k", Path.Combine(fixture.RepositoryRoot, "config", "local"));
        var pod = await OperatorPodAsync();
        output.WriteLine($"operator pod {Name(pod)} Ready {watch.Elapsed.TotalSeconds:0.0} s after kubectl apply");

        // Kubernetes 1.20 has no PodSecurity admission (alpha in 1.22): this API server stores config/default's
        // label without acting on it. So the restricted profile's rules are checked on the pod and on its process.
        var ns = await _admin.GetAsync(ResourceType.Namespaces, null, SystemNamespace, KubeJsonContext.Default.JsonObject);
        Text(ns["metadata"]?["labels"]?["pod-security.kubernetes.io/enforce"]).ShouldBe("restricted");
        var spec = pod["spec"]!;
        (spec["securityContext"]?["runAsNonRoot"]?.GetValue<bool>()).ShouldBe(true);
        (spec["securityContext"]?["runAsUser"]?.GetValue<long>()).ShouldBe(long.Parse(OperatorUid));
        Text(spec["securityContext"]?["seccompProfile"]?["type"]).ShouldBe("RuntimeDefault");
        var container = spec["containers"]!.AsArray().Single()!;
        Text(container["image"]).ShouldBe(Image);
        Text(container["imagePullPolicy"]).ShouldBe("Never");
        (container["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>()).ShouldBe(false);
        (container["securityContext"]?["readOnlyRootFilesystem"]?.GetValue<bool>()).ShouldBe(true);
        ((container["securityContext"]?["capabilities"]?["drop"] as JsonArray) ?? []).Select(Text).ShouldBe(new[] { "ALL" });

        // The process as the host sees it: non-root, no new privileges, seccomp filtering, no capabilities, a
        // read-only root.
        var containerId = Text(pod["status"]!["containerStatuses"]![0]!["containerID"])!.Split("://")[1];
        var pid = ContainerProcess(containerId);
        var status = await File.ReadAllTextAsync($"/proc/{pid}/status");
        Field(status, "Uid").Split('\t').ShouldAllBe(uid => uid == OperatorUid);
        Field(status, "Gid").Split('\t').ShouldAllBe(gid => gid == OperatorUid);
        Field(status, "NoNewPrivs").ShouldBe("1");
        Field(status, "Seccomp").ShouldBe("2", "2 = a seccomp filter (RuntimeDefault) is applied");
        Field(status, "CapEff").ShouldBe("0000000000000000");
        Field(status, "CapBnd").ShouldBe("0000000000000000");
        var root = (await File.ReadAllLinesAsync($"/proc/{pid}/mountinfo")).Select(l => l.Split(' ')).Last(f => f[4] == "/");
        root[5].Split(',').ShouldContain("ro", "the container's / is mounted read-only");

        // In-cluster configuration: no kubeconfig anywhere, only the service account's token and the address the
        // kubelet injects; the process holds connections to the API through the `kubernetes` Service.
        Text(spec["serviceAccountName"]).ShouldBe(ServiceAccount);
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        environment.ShouldContain("KUBERNETES_SERVICE_HOST=" + KubernetesService.Address);
        environment.ShouldContain("KUBERNETES_SERVICE_PORT=" + KubernetesService.Port);
        environment.ShouldNotContain(e => e.StartsWith("KUBECONFIG=", StringComparison.Ordinal));
        (container["volumeMounts"] as JsonArray)!.Select(m => Text(m!["mountPath"])).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { "/tmp", "/var/run/secrets/kubernetes.io/serviceaccount" });
        await EventuallyAsync(async () => await HasConnectionToAsync(pid, KubernetesService) ? "connected" : null,
            $"a TCP connection of the operator to {KubernetesService}", 60);

        // Probes: Ready means the kubelet's readiness probe passed; the endpoints both probes call answer here too.
        var podIp = Text(pod["status"]!["podIP"])!;
        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            using var response = await Http.GetAsync(new Uri($"http://{podIp}:8081{path}"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        // Leader election through the namespaced Role: the Lease's holder is this pod (POD_NAME from the downward API,
        // then a per-run suffix).
        await WaitForAsync(_admin, ResourceType.Leases, SystemNamespace, "ecsbridge-leader",
            l => Text(l["spec"]?["holderIdentity"])?.StartsWith(Name(pod) + "_", StringComparison.Ordinal) == true,
            "the operator's pod holding the ecsbridge-leader Lease", 120);

        // The real RBAC: what the reconcile needs is granted to the service account, a Secret is not.
        var account = $"system:serviceaccount:{SystemNamespace}:{ServiceAccount}";
        (await AllowedAsync(account, "apps", "deployments", "patch")).ShouldBeTrue();
        (await AllowedAsync(account, "ecsbridge.io", "ecsservices", "watch")).ShouldBeTrue();
        (await AllowedAsync(account, "", "secrets", "get")).ShouldBeFalse();

        // A sample: busybox httpd, two tasks. Nothing else reconciles here: no operator runs in the test process.
        watch.Restart();
        await ApplyAsync(_admin, _ns, $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"web"},
             "spec":{"containerDefinitions":[{"name":"httpd","image":"ecsbridge.local/busybox:1","cpu":32,"memory":32,"essential":true,
               "entryPoint":["sh","-c"],"command":["mkdir -p /srv && hostname > /srv/index.html && exec httpd -f -p {{Port}} -h /srv"],
               "portMappings":[{"containerPort":{{Port}},"protocol":"tcp"}]}]} }
            """);
        await ApplyAsync(_admin, _ns, Service("web", "web", desiredCount: 2));
        var service = await WaitForAsync(_admin, OperatorResources.EcsServices, _ns, "web",
            s => Text(Condition(s, "Ready")?["status"]) == "True" && s["status"]?["runningCount"]?.GetValue<int>() == 2,
            "the sample Ready with runningCount 2", 240);
        output.WriteLine($"sample Ready with 2 running tasks {watch.Elapsed.TotalSeconds:0.0} s after it was applied");
        service["status"]!["pendingCount"]!.GetValue<int>().ShouldBe(0);
        var tasks = (await _admin.ListAsync(ResourceType.Pods, _ns, KubeJsonContext.Default.JsonObject)).Items.OfType<JsonObject>()
            .Where(p => Text(p["status"]?["phase"]) == "Running" && p["metadata"]?["deletionTimestamp"] is null).ToList();
        tasks.Count.ShouldBe(2);
        foreach (var task in tasks)
        {
            Text(task["spec"]!["nodeName"]).ShouldBe(LocalControlPlane.NodeName);
            var body = await AnswerAsync(Http, $"http://{PodIp(task)}:{Port}/", _ => true);
            body.ShouldBe(Name(task));
        }

        // The kubelet never restarted the operator (liveness probe on /healthz) while all of this ran.
        var final = await _admin.GetAsync(ResourceType.Pods, SystemNamespace, Name(pod), KubeJsonContext.Default.JsonObject);
        final["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>().ShouldBe(0, await OperatorLogAsync(final));
    }

    private Task<string> KubectlAsync(params string[] arguments) => Kubectl.RunAsync(["--kubeconfig", fixture.KubeconfigPath, .. arguments]);

    /// <summary>Runs tests/envtest/operator-image.sh (make publish, then the image tarball); fails with its output
    /// when it cannot, so a missing tool fails the test with the reason.</summary>
    private async Task<string> BuildImageAsync()
    {
        var script = Path.Combine(fixture.RepositoryRoot, "tests", "envtest", "operator-image.sh");
        var tarball = Path.Combine(_work.FullName, "ecsbridge.tar");
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(tarball);
        // A one-off build: no MSBuild nodes or compiler server outliving the test (they would keep its pipes open).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot run bash " + script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within 15 minutes");
        }
        var log = await stderr;
        var printed = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (process.ExitCode != 0 || printed != tarball || !File.Exists(tarball))
        {
            var tail = string.Join('\n', log.Split('\n').TakeLast(30));
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}); this test needs the image it builds:\n{tail}");
        }
        output.WriteLine(string.Join('\n', log.Split('\n').Where(l => l.StartsWith("operator-image:", StringComparison.Ordinal))));
        return tarball;
    }

    /// <summary>The operator's pod once Running and Ready; on a timeout, the pod's status and its log say why.</summary>
    private async Task<JsonObject> OperatorPodAsync()
    {
        JsonObject? last = null;
        try
        {
            return await EventuallyAsync(async () =>
            {
                var pods = await _admin.ListAsync(ResourceType.Pods, SystemNamespace, KubeJsonContext.Default.JsonObject,
                    new ListOptions { LabelSelector = "control-plane=controller-manager" });
                last = pods.Items.OfType<JsonObject>().LastOrDefault();
                return pods.Items.OfType<JsonObject>().SingleOrDefault(p => Text(p["status"]?["phase"]) == "Running"
                    && Text(Condition(p, "Ready")?["status"]) == "True");
            }, "the operator's pod Running and Ready", 240);
        }
        catch (TimeoutException ex) when (last is not null)
        {
            throw new TimeoutException($"{ex.Message}\n{last["status"]?.ToJsonString()}\n{await OperatorLogAsync(last)}", ex);
        }
    }

    /// <summary>The operator container's log as the kubelet wrote it on this host (for failure messages).</summary>
    private static async Task<string> OperatorLogAsync(JsonObject pod)
    {
        var folder = $"/var/log/pods/{SystemNamespace}_{Name(pod)}_{Text(pod["metadata"]!["uid"])}/manager";
        if (!Directory.Exists(folder))
        {
            return "(no log in " + folder + ")";
        }
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            lines.Add("== " + file);
            lines.AddRange((await File.ReadAllLinesAsync(file)).TakeLast(40));
        }
        return string.Join('\n', lines);
    }

    /// <summary>The host PID of the container's main process: the one in the container's cgroup.</summary>
    private static int ContainerProcess(string containerId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cgroup")).Contains(containerId, StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "ecsbridge")
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that ended while we looked.
            }
        }
        throw new InvalidOperationException($"no ecsbridge process in the cgroup of container {containerId}");
    }

    private static string Field(string procStatus, string name) =>
        procStatus.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    /// <summary>True when the process's network namespace has an established TCP connection to
    /// <paramref name="remote"/> (IPv4, or IPv4-mapped IPv6 for a dual-mode socket). /proc/net/tcp prints the address
    /// as the bytes of a 32-bit word in host (little-endian) order, then the port in hex.</summary>
    private static async Task<bool> HasConnectionToAsync(int pid, IPEndPoint remote)
    {
        var bytes = remote.Address.GetAddressBytes();
        var suffix = $"{bytes[3]:X2}{bytes[2]:X2}{bytes[1]:X2}{bytes[0]:X2}:{remote.Port:X4}";
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            var path = $"/proc/{pid}/net/{table}";
            if (!File.Exists(path))
            {
                continue;
            }
            foreach (var line in (await File.ReadAllLinesAsync(path)).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 3 && columns[2].EndsWith(suffix, StringComparison.Ordinal) && columns[3] == "01")
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Asks the API server's authorizer whether <paramref name="user"/> may do <paramref name="verb"/>
    /// on the resource in the sample's namespace.</summary>
    private async Task<bool> AllowedAsync(string user, string group, string resource, string verb)
    {
        var review = JsonNode.Parse($$"""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
             "spec":{"user":"{{user}}","groups":["system:serviceaccounts","system:serviceaccounts:{{SystemNamespace}}","system:authenticated"],
               "resourceAttributes":{"namespace":"{{_ns}}","group":"{{group}}","resource":"{{resource}}","verb":"{{verb}}"} } }
            """)!.AsObject();
        var answer = await _admin.CreateAsync(SubjectAccessReviews, null, review, KubeJsonContext.Default.JsonObject);
        return answer["status"]?["allowed"]?.GetValue<bool>() == true;
    }
}
