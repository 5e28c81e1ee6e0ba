using System.Text;
using EcsBridge.Commands;
using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Commands;

/// <summary>Each class of bad input gives one clear message on stderr and a non-zero exit, never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ecsbridge-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> Convert(string stdin, ConvertCommand.Settings? settings = null) =>
        await Convert(Encoding.UTF8.GetBytes(stdin), settings);

    private static async Task<(int Code, string Stdout, string Stderr)> Convert(byte[] stdin, ConvertCommand.Settings? settings = null)
    {
        using var input = new MemoryStream(stdin);
        var result = await ConvertGoldenTests.RunAsync("-", settings ?? new ConvertCommand.Settings(), input);
        result.Stderr.ShouldNotContain("   at ");
        result.Stderr.ShouldNotContain("Exception");
        return result;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Render(string stdin, RenderCommand.Settings? settings = null)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        var result = await RenderGoldenTests.RunAsync("-", settings ?? new RenderCommand.Settings(), input);
        result.Stderr.ShouldNotContain("   at ");
        result.Stderr.ShouldNotContain("Exception");
        return result;
    }

    private const string Service = """{"serviceName": "web", "taskDefinition": "web", "desiredCount": 1}""";

    private const string TaskDefinition = """{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]}""";

    [Theory]
    [InlineData("\"portMappings\": [{\"containerPort\": 80, \"protocol\": \"TCP\"}]", "ecstaskdefinition/web.spec.containerDefinitions[0].portMappings[0].protocol: \"TCP\" is not one of \"tcp\", \"udp\"")]
    [InlineData("\"portMappings\": [{\"containerPort\": 0}]", "ecstaskdefinition/web.spec.containerDefinitions[0].portMappings[0].containerPort: a port mapping needs containerPort")]
    [InlineData("\"healthCheck\": {\"command\": [\"CMD\", \"true\"], \"interval\": 301}", "ecstaskdefinition/web.spec.containerDefinitions[0].healthCheck.interval: 301 is above the greatest value the CRD accepts, 300")]
    public async Task Values_the_crd_would_refuse_fail_convert_with_the_field(string container, string expected)
    {
        var (code, stdout, stderr) = await Convert($$"""{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", {{container}}}]}""");

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain(expected);
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_its_line_and_column()
    {
        var (code, stdout, stderr) = await Convert("{\n  \"family\": \"web\",\n  \"containerDefinitions\": [ {\"name\": \"web\" \"image\": \"x\"} ]\n}");

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldStartWith("ecsbridge convert: error: <stdin>:3:");
        stderr.ShouldContain("malformed JSON");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_with_its_line_and_column()
    {
        var (code, _, stderr) = await Convert("apiVersion: ecsbridge.io/v1alpha1\nkind: EcsService\nmetadata:\n  name: web\n spec: [unclosed\n");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("<stdin>:5:");
        stderr.ShouldContain("malformed YAML");
    }

    [Fact]
    public async Task A_word_where_a_number_is_expected_names_the_field()
    {
        var (code, stdout, stderr) = await Convert("""{"serviceName": "web", "taskDefinition": "web", "desiredCount": "abc"}""");

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("ecsservice/web.spec.desiredCount: expected a whole number, found \"abc\"");
    }

    [Fact]
    public async Task An_object_where_a_list_is_expected_names_the_field()
    {
        var (code, _, stderr) = await Convert("""{"family": "web", "containerDefinitions": {"name": "web"}}""");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("ecstaskdefinition/web.spec.containerDefinitions: expected a list, found an object");
    }

    [Fact]
    public async Task A_missing_required_field_is_named()
    {
        var (code, _, stderr) = await Convert("""{"family": "web", "containerDefinitions": [{"name": "web"}]}""");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("ecstaskdefinition/web.spec.containerDefinitions[0].image: required, but missing");
    }

    [Fact]
    public async Task An_unknown_kind_is_refused()
    {
        var (code, _, stderr) = await Convert("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("unknown kind 'Deployment' (apps/v1); expected EcsTaskDefinition or EcsService");
    }

    [Fact]
    public async Task A_json_document_of_another_shape_is_refused_with_its_keys()
    {
        var (code, _, stderr) = await Convert("""{"Reservations": [], "NextToken": null}""");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("not a task definition or service (keys: Reservations, NextToken)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n")]
    public async Task Empty_input_is_refused(string text)
    {
        var (code, _, stderr) = await Convert(text);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("the input is empty");
    }

    [Fact]
    public async Task Input_of_only_yaml_comments_and_separators_is_refused()
    {
        var (code, _, stderr) = await Convert("# nothing here\n---\n---\n");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("holds no documents");
    }

    [Fact]
    public async Task A_file_above_the_size_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(_directory, "big.json");
        await File.WriteAllBytesAsync(path, new byte[10 * 1024 * 1024]);

        var (code, stdout, stderr) = await ConvertGoldenTests.RunAsync(path, new ConvertCommand.Settings());

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("larger than 8 MiB");
    }

    [Fact]
    public async Task Standard_input_above_the_size_limit_is_refused()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat(TaskDefinition, InputLimits.MaxInputBytes / TaskDefinition.Length + 1)) + "]";

        var (code, _, stderr) = await Convert(text);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("<stdin>: the input is larger than 8 MiB");
    }

    [Fact]
    public async Task Binary_garbage_is_refused_as_not_text()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);

        var (code, _, stderr) = await Convert(garbage);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("the input is not text");
    }

    [Fact]
    public async Task A_gzip_file_is_refused_as_not_text()
    {
        byte[] gzipHeader = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00];

        var (code, _, stderr) = await Convert(gzipHeader);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("not text");
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var path = Path.Combine(_directory, "nope.json");

        var (code, _, stderr) = await ConvertGoldenTests.RunAsync(path, new ConvertCommand.Settings());

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldBe($"ecsbridge convert: error: {path}: no such file\n");
    }

    [Fact]
    public async Task A_directory_instead_of_a_file_is_refused()
    {
        var (code, _, stderr) = await ConvertGoldenTests.RunAsync(_directory, new ConvertCommand.Settings());

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("is a directory");
    }

    [Fact]
    public async Task A_key_given_twice_in_json_is_refused()
    {
        var (code, _, stderr) = await Convert("""{"family": "web", "family": "api", "containerDefinitions": []}""");

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("malformed JSON");
    }

    [Fact]
    public async Task A_yaml_alias_bomb_is_refused()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var (code, _, stderr) = await Convert(yaml.ToString());

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("expands to more than");
    }

    [Fact]
    public async Task A_task_definition_the_operator_would_reject_fails_the_conversion()
    {
        var (code, stdout, stderr) = await Convert("""
            {"family": "loop", "containerDefinitions": [
              {"name": "a", "image": "x", "memory": 64, "dependsOn": [{"containerName": "b", "condition": "START"}]},
              {"name": "b", "image": "x", "memory": 64, "dependsOn": [{"containerName": "a", "condition": "START"}]}]}
            """);

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("ecstaskdefinition/loop.spec.containerDefinitions");
    }

    [Fact]
    public async Task Every_problem_of_the_input_is_listed_not_only_the_first()
    {
        var (code, _, stderr) = await Convert("""
            [{"serviceName": "a", "taskDefinition": "web", "desiredCount": "x"},
             {"serviceName": "b", "taskDefinition": "web", "desiredCount": true}]
            """);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("ecsservice/a.spec.desiredCount");
        stderr.ShouldContain("ecsservice/b.spec.desiredCount");
    }

    [Fact]
    public async Task An_invalid_namespace_is_bad_usage()
    {
        var (code, _, stderr) = await Convert(TaskDefinition, new ConvertCommand.Settings { Namespace = "Not_Valid" });

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--namespace 'Not_Valid'");
    }

    [Fact]
    public async Task An_output_format_other_than_yaml_or_json_is_a_parse_error()
    {
        var parse = ConvertCommand.Create().Parse(["--output", "xml"]);

        parse.Errors.ShouldNotBeEmpty();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Render_without_the_task_definition_of_a_service_says_which_is_missing()
    {
        var (code, stdout, stderr) = await Render(Service);

        code.ShouldBe(ExitCodes.Failure);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("ecsservice/web.spec.taskDefinition: the task definition 'web' is not in the input");
    }

    [Fact]
    public async Task Render_without_any_service_has_nothing_to_render()
    {
        var (code, _, stderr) = await Render(TaskDefinition);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("nothing to render");
    }

    [Fact]
    public async Task Render_refuses_a_pinned_revision_that_none_of_several_task_definitions_has()
    {
        var input = """
            {"taskDefinition": {"family": "web", "revision": 1, "containerDefinitions": [{"name": "web", "image": "nginx:1", "memory": 128}]}}
            {"taskDefinition": {"family": "web", "revision": 2, "containerDefinitions": [{"name": "web", "image": "nginx:2", "memory": 128}]}}
            {"serviceName": "web", "taskDefinition": "web:5", "desiredCount": 1}
            """;

        var (code, _, stderr) = await Render(input);

        code.ShouldBe(ExitCodes.Failure);
        stderr.ShouldContain("revision 5 of 'web' is not in the input (its revisions there: 1, 2)");
    }

    [Theory]
    [InlineData(null, "one.two")]
    [InlineData("v2", "1.20")]
    public async Task Render_refuses_impossible_cluster_options_as_bad_usage(string? hpaVersion, string kubernetesVersion)
    {
        var (code, _, stderr) = await Render(TaskDefinition + Service,
            new RenderCommand.Settings { HpaVersion = hpaVersion, KubernetesVersion = kubernetesVersion });

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--");
    }
}
