using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Install;

public sealed class RbacLeastPrivilegeTests
{
    private static string RbacDir => Path.Combine(InstallFiles.Config, "rbac");

    public static TheoryData<string> RbacManifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(InstallFiles.Config, "rbac"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add("config/rbac/" + Path.GetFileName(file));
        }
        data.Add("config/ecs-api/ecs_api_role.yaml");
        data.Add("charts/ecsbridge/templates/rbac.yaml");
        data.Add("charts/ecsbridge/templates/_rbac_rules.tpl");
        return data;
    }

    [Theory]
    [MemberData(nameof(RbacManifests))]
    public void Rbac_has_no_wildcards_no_secrets_and_no_escalation(string relativePath)
    {
        var rules = LoadRules(relativePath).ToList();

        RbacRules.Violations(relativePath, rules).ShouldBeEmpty();
    }

    [Fact]
    public void The_chart_grants_the_operator_exactly_what_config_rbac_grants()
    {
        var kustomizeRules = ManagerRole()["rules"]!;
        var chartRules = new JsonArray(LoadRules("charts/ecsbridge/templates/_rbac_rules.tpl").Select(r => r.DeepClone()).ToArray());

        JsonNode.DeepEquals(chartRules, kustomizeRules).ShouldBeTrue(
            $"chart: {chartRules.ToJsonString()}\nconfig: {kustomizeRules.ToJsonString()}");
        var rbacTemplate = File.ReadAllText(Path.Combine(InstallFiles.ChartTemplates, "rbac.yaml"));
        rbacTemplate.Split("include \"ecsbridge.managerRules\"").Length.ShouldBe(3, "the ClusterRole and the per-namespace Roles use the shared rules");
    }

    [Fact]
    public void Role_yaml_explains_every_grant_in_its_header()
    {
        var header = string.Concat(File.ReadLines(Path.Combine(RbacDir, "role.yaml")).TakeWhile(l => l.StartsWith('#')));

        foreach (var rule in ManagerRole()["rules"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var resource in RbacRules.Strings(rule["resources"]))
            {
                header.ShouldContain(resource.Split('/')[0]);
            }
            header.ShouldContain(string.Join(' ', RbacRules.Strings(rule["verbs"])));
        }
    }

    [Fact]
    public void Leader_election_role_only_gets_creates_and_updates_leases()
    {
        var role = InstallFiles.LoadObjects(Path.Combine(RbacDir, "leader_election_role.yaml")).Single();

        role["kind"]!.GetValue<string>().ShouldBe("Role");
        JsonNode.DeepEquals(role["rules"], JsonNode.Parse("""
            [{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","create","update"]}]
            """)).ShouldBeTrue(role["rules"]!.ToJsonString());
    }

    [Fact]
    public void Kustomization_lists_every_rbac_manifest()
    {
        var kustomization = InstallFiles.LoadObjects(Path.Combine(RbacDir, "kustomization.yaml")).Single();
        var listed = RbacRules.Strings(kustomization["resources"]).Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(RbacDir, "*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(n => n != "kustomization.yaml").Order(StringComparer.Ordinal);

        listed.ShouldBe(present);
    }

    [Fact]
    public void User_facing_roles_aggregate_into_the_built_in_admin_edit_and_view_roles()
    {
        static JsonObject Labels(string file) =>
            InstallFiles.LoadObjects(Path.Combine(RbacDir, file)).Single()["metadata"]!["labels"]!.AsObject();

        foreach (var kind in new[] { "ecsservice", "ecstaskdefinition" })
        {
            Labels($"{kind}_editor_role.yaml")["rbac.authorization.k8s.io/aggregate-to-edit"]!.GetValue<string>().ShouldBe("true");
            Labels($"{kind}_editor_role.yaml")["rbac.authorization.k8s.io/aggregate-to-admin"]!.GetValue<string>().ShouldBe("true");
            Labels($"{kind}_viewer_role.yaml")["rbac.authorization.k8s.io/aggregate-to-view"]!.GetValue<string>().ShouldBe("true");
        }
    }

    [Fact]
    public void The_checker_reports_wildcards_secrets_and_escalation()
    {
        var rules = JsonNode.Parse("""
            [{"apiGroups":["*"],"resources":["deployments"],"verbs":["get"]},
             {"apiGroups":[""],"resources":["secrets"],"verbs":["list"]},
             {"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"verbs":["bind","escalate"]},
             {"nonResourceURLs":["/metrics"],"verbs":["get"]}]
            """)!.AsArray().OfType<JsonObject>();

        RbacRules.Violations("bad", rules).ShouldBe(
            ["bad: wildcard in apiGroups", "bad: grants access to secrets", "bad: grants bind", "bad: grants escalate", "bad: grants nonResourceURLs"],
            ignoreOrder: true);
    }

    private static JsonObject ManagerRole() => InstallFiles.LoadObjects(Path.Combine(RbacDir, "role.yaml")).Single();

    private static IEnumerable<JsonObject> LoadRules(string relativePath)
    {
        var path = Path.Combine(InstallFiles.RepositoryRoot, relativePath);
        if (relativePath.EndsWith(".tpl", StringComparison.Ordinal))
        {
            // The shared rules template renders to a bare list of rules.
            var list = InstallFiles.ParseDocuments(TemplateText.StripActions(File.ReadAllText(path))).Single();
            return list!.AsArray().OfType<JsonObject>();
        }
        var text = relativePath.StartsWith("charts/", StringComparison.Ordinal)
            ? TemplateText.StripActions(File.ReadAllText(path))
            : File.ReadAllText(path);
        return RbacRules.RulesOf(InstallFiles.ParseDocuments(text).OfType<JsonObject>());
    }
}
