using System.Text;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Commands;

/// <summary>The real executable: exit codes, and errors as one clear message without a stack trace.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class EcsbridgeExecutableTests
{
    private static readonly string TestData = Path.Combine(RepositoryRoot(), "tests", "EcsBridge.UnitTests", "Commands", "testdata");

    private static void ShouldHaveNoStackTrace(string stderr)
    {
        stderr.ShouldNotContain("   at ");
        stderr.ShouldNotContain("Exception");
        stderr.ShouldNotContain("Unhandled");
    }

    [Fact]
    public async Task Convert_of_a_file_exits_0_with_the_golden_yaml_on_stdout_and_warnings_on_stderr()
    {
        var dir = Path.Combine(TestData, "describe-task-definition");

        var result = await EcsbridgeProcess.RunAsync(["convert", Path.Combine(dir, "input.json")]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe(await File.ReadAllTextAsync(Path.Combine(dir, "convert.yaml")));
        result.Stderr.ShouldBe(await File.ReadAllTextAsync(Path.Combine(dir, "convert.stderr")));
    }

    [Fact]
    public async Task Render_reads_standard_input_and_exits_0()
    {
        var dir = Path.Combine(TestData, "render-old-cluster");

        var result = await EcsbridgeProcess.RunAsync(["render", "-", "--namespace", "commerce", "--kubernetes-version", "1.20"],
            await File.ReadAllBytesAsync(Path.Combine(dir, "input.yaml")));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldBe(await File.ReadAllTextAsync(Path.Combine(dir, "render.yaml")));
    }

    [Theory]
    [InlineData("convert", "--output", "xml")]
    [InlineData("render", "--hpa-version", "v3")]
    [InlineData("convert", "--no-such-flag")]
    [InlineData("render", "--kubernetes-version", "latest")]
    public async Task Bad_usage_exits_2(params string[] arguments)
    {
        var result = await EcsbridgeProcess.RunAsync(arguments, Encoding.UTF8.GetBytes("{}"));

        result.ExitCode.ShouldBe(2);
        result.Stdout.ShouldBeEmpty();
        ShouldHaveNoStackTrace(result.Stderr);
    }

    [Fact]
    public async Task A_missing_file_exits_1_with_one_line()
    {
        var result = await EcsbridgeProcess.RunAsync(["convert", "/no/such/dir/td.json"]);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldBe("ecsbridge convert: error: /no/such/dir/td.json: no such file (the directory does not exist)\n");
    }

    [Fact]
    public async Task Binary_garbage_on_standard_input_exits_1_without_a_stack_trace()
    {
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);

        var result = await EcsbridgeProcess.RunAsync(["render"], garbage);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("not text");
        ShouldHaveNoStackTrace(result.Stderr);
    }

    [Fact]
    public async Task Standard_input_above_8_MiB_exits_1_without_a_stack_trace()
    {
        var big = Encoding.UTF8.GetBytes("[" + new string(' ', 9 * 1024 * 1024) + "]");

        var result = await EcsbridgeProcess.RunAsync(["convert", "-"], big);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("larger than 8 MiB");
        ShouldHaveNoStackTrace(result.Stderr);
    }

    [Fact]
    public async Task A_wrong_type_exits_1_naming_the_field()
    {
        var result = await EcsbridgeProcess.RunAsync(["convert"],
            Encoding.UTF8.GetBytes("""{"serviceName": "web", "taskDefinition": "web", "desiredCount": "abc"}"""));

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldBe("ecsbridge convert: error: ecsservice/web.spec.desiredCount: expected a whole number, found \"abc\"\n");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
