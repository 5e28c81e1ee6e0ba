using EcsBridge.Commands;
using EcsBridge.Output;

namespace EcsBridge.UnitTests.Commands;

public sealed class ConvertGoldenTests
{
    public static TheoryData<string> Cases => GoldenFiles.Cases();

    internal static ConvertCommand.Settings SettingsFor(string name)
    {
        var args = GoldenFiles.Args(name);
        return new ConvertCommand.Settings
        {
            Namespace = GoldenFiles.Option(args, "--namespace"),
            Output = CommandOptions.ParseOutput(GoldenFiles.Option(args, "--output")),
        };
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, ConvertCommand.Settings settings, Stream? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ConvertCommand.RunAsync(file, stdin ?? Stream.Null, stdout, stderr, settings, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Convert_writes_the_expected_objects_and_diagnostics(string name)
    {
        var settings = SettingsFor(name);
        var (code, stdout, stderr) = await RunAsync(GoldenFiles.InputPath(name), settings);

        code.ShouldBe(0, stderr);
        stderr.ShouldNotContain("   at ");
        GoldenFiles.Verify(name, settings.Output == OutputFormat.Json ? "convert.json" : "convert.yaml", stdout);
        GoldenFiles.Verify(name, "convert.stderr", stderr);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Converting_the_output_again_changes_nothing(string name)
    {
        var settings = SettingsFor(name);
        var (_, first, _) = await RunAsync(GoldenFiles.InputPath(name), settings);

        using var again = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(first));
        var (code, second, stderr) = await RunAsync("-", settings, again);

        code.ShouldBe(0, stderr);
        second.ShouldBe(first);
    }
}
