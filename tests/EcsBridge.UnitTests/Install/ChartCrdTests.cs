namespace EcsBridge.UnitTests.Install;

/// <summary>Helm installs CRDs from charts/ecsbridge/crds/, kustomize from config/crd/bases/; both come from
/// `ecsbridge crds` and must never drift apart.</summary>
public sealed class ChartCrdTests
{
    private static readonly string[] ExpectedCrdFiles = ["ecsbridge.io_ecsservices.yaml", "ecsbridge.io_ecstaskdefinitions.yaml", "ecsbridge.io_ecstasks.yaml"];

    [Fact]
    public void Chart_crds_are_byte_for_byte_copies_of_config_crd_bases()
    {
        var bases = Path.Combine(InstallFiles.Config, "crd", "bases");
        var chartCrds = Path.Combine(InstallFiles.Chart, "crds");
        Directory.Exists(bases).ShouldBeTrue("config/crd/bases is missing; run `make crds`");
        Directory.Exists(chartCrds).ShouldBeTrue("charts/ecsbridge/crds is missing; run `make crds`");

        var baseNames = FileNames(bases);
        FileNames(chartCrds).ShouldBe(baseNames, "the chart must ship exactly the CRDs in config/crd/bases");
        baseNames.ShouldBe(ExpectedCrdFiles);
        foreach (var name in baseNames)
        {
            File.ReadAllBytes(Path.Combine(chartCrds, name)).ShouldBe(
                File.ReadAllBytes(Path.Combine(bases, name)), $"charts/ecsbridge/crds/{name} differs; run `make crds`");
        }
    }

    [Fact]
    public void Crd_kustomization_lists_every_generated_crd()
    {
        var kustomization = InstallFiles.LoadObjects(Path.Combine(InstallFiles.Config, "crd", "kustomization.yaml")).Single();
        var listed = kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

        listed.ShouldBe(ExpectedCrdFiles.Select(f => "bases/" + f).ToList());
    }

    private static List<string> FileNames(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
}
