using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

public sealed class PodSecurityTests
{
    [Fact]
    public void Kustomize_manager_deployment_meets_pod_security_restricted()
    {
        var deployment = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "manager", "manager.yaml"))
            .Single(o => o["kind"]!.GetValue<string>() == "Deployment");

        RestrictedPodChecker.Violations(PodSpec(deployment)).ShouldBeEmpty();
    }

    [Fact]
    public void Chart_deployment_with_default_values_meets_pod_security_restricted()
    {
        var values = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "values.yaml")).Single();
        var rendered = TemplateText.Render(
            File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "deployment.yaml")), values);

        var deployment = InstallFiles.ParseDocuments(rendered).OfType<JsonObject>().Single();

        RestrictedPodChecker.Violations(PodSpec(deployment)).ShouldBeEmpty();
    }

    [Fact]
    public void Both_install_paths_run_the_same_container_contract()
    {
        var kustomize = PodSpec(InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "manager", "manager.yaml")).Single());
        var values = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Chart, "values.yaml")).Single();
        var chart = PodSpec(InstallFiles.ParseDocuments(TemplateText.Render(
            File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "deployment.yaml")), values)).OfType<JsonObject>().Single());

        foreach (var field in new[] { "securityContext", "volumes" })
        {
            JsonNode.DeepEquals(chart[field], kustomize[field]).ShouldBeTrue($"pod {field} differs");
        }
        var kustomizeContainer = kustomize["containers"]![0]!;
        var chartContainer = chart["containers"]![0]!;
        foreach (var field in new[] { "securityContext", "resources", "livenessProbe", "readinessProbe", "env", "ports", "volumeMounts" })
        {
            JsonNode.DeepEquals(chartContainer[field], kustomizeContainer[field]).ShouldBeTrue($"container {field} differs");
        }
    }

    [Fact]
    public void The_checker_reports_a_pod_that_breaks_restricted()
    {
        var pod = JsonNode.Parse("""
            {"hostNetwork": true,
             "volumes": [{"name": "host", "hostPath": {"path": "/"}}],
             "containers": [{"name": "app", "ports": [{"containerPort": 80, "hostPort": 80}],
                             "securityContext": {"privileged": true, "runAsUser": 0, "capabilities": {"add": ["SYS_ADMIN"]}}}]}
            """)!.AsObject();

        var violations = RestrictedPodChecker.Violations(pod);

        violations.ShouldContain("hostNetwork is set");
        violations.ShouldContain("volume host uses hostPath");
        violations.ShouldContain("app: privileged");
        violations.ShouldContain("app: allowPrivilegeEscalation is not false");
        violations.ShouldContain("app: runAsNonRoot is not true");
        violations.ShouldContain("app: runAsUser is not a non-zero UID");
        violations.ShouldContain("app: seccompProfile is unset");
        violations.ShouldContain("app: capabilities do not drop ALL");
        violations.ShouldContain("app: adds capability SYS_ADMIN");
        violations.ShouldContain("app: uses a hostPort");
        violations.ShouldContain("app: root filesystem is writable");
        violations.ShouldContain("app: no livenessProbe");
        violations.ShouldContain("app: no memory limits");
    }

    private static JsonObject PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!.AsObject();
}
