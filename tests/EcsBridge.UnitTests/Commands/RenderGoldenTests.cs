using EcsBridge.Commands;
using EcsBridge.Output;

namespace EcsBridge.UnitTests.Commands;

public sealed class RenderGoldenTests
{
    /// <summary>The cases with a render.yaml or render.json: those whose input holds services and their task definitions.</summary>
    public static TheoryData<string> Cases => GoldenFiles.Cases(dir =>
        File.Exists(Path.Combine(dir, "render.yaml")) || File.Exists(Path.Combine(dir, "render.json")));

    /// <summary>The render cases whose input is ECS JSON (YAML inputs may carry status.revision, which convert drops).</summary>
    public static TheoryData<string> EcsJsonCases => GoldenFiles.Cases(dir =>
        (File.Exists(Path.Combine(dir, "render.yaml")) || File.Exists(Path.Combine(dir, "render.json")))
        && File.Exists(Path.Combine(dir, "input.json")));

    internal static RenderCommand.Settings SettingsFor(string name)
    {
        var args = GoldenFiles.Args(name);
        return new RenderCommand.Settings
        {
            Namespace = GoldenFiles.Option(args, "--namespace"),
            Output = CommandOptions.ParseOutput(GoldenFiles.Option(args, "--output")),
            HpaVersion = GoldenFiles.Option(args, "--hpa-version"),
            KubernetesVersion = GoldenFiles.Option(args, "--kubernetes-version"),
        };
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, RenderCommand.Settings settings, Stream? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await RenderCommand.RunAsync(file, stdin ?? Stream.Null, stdout, stderr, settings, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Render_writes_the_children_the_operator_would_apply(string name)
    {
        var settings = SettingsFor(name);
        var (code, stdout, stderr) = await RunAsync(GoldenFiles.InputPath(name), settings);

        code.ShouldBe(0, stderr);
        GoldenFiles.Verify(name, settings.Output == OutputFormat.Json ? "render.json" : "render.yaml", stdout);
        GoldenFiles.Verify(name, "render.stderr", stderr);
    }

    [Theory]
    [MemberData(nameof(EcsJsonCases))]
    public async Task Rendering_the_converted_yaml_gives_the_same_children_as_rendering_the_ecs_json(string name)
    {
        var settings = SettingsFor(name);
        var (_, direct, _) = await RunAsync(GoldenFiles.InputPath(name), settings);
        var (convertCode, converted, convertErrors) = await ConvertGoldenTests.RunAsync(GoldenFiles.InputPath(name),
            new ConvertCommand.Settings { Namespace = settings.Namespace });
        convertCode.ShouldBe(0, convertErrors);

        using var yaml = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(converted));
        var (code, viaYaml, stderr) = await RunAsync("-", settings, yaml);

        code.ShouldBe(0, stderr);
        viaYaml.ShouldBe(direct);
    }
}
