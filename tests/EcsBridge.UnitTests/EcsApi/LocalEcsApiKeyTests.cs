using System.Net;
using System.Text.RegularExpressions;
using EcsBridge.EcsApi;
using Shouldly;

namespace EcsBridge.UnitTests.EcsApi;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalEcsApiKeyTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("local-key-");

    [Fact]
    public void Generated_keys_have_the_aws_shape_and_never_repeat()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => LocalEcsApiKey.Generate()).ToList();

        keys.ShouldAllBe(k => Regex.IsMatch(k.AccessKeyId, "^AKIA[A-Z2-7]{16}$"));
        keys.ShouldAllBe(k => Regex.IsMatch(k.SecretAccessKey, "^[A-Za-z0-9+/]{40}$"));
        keys.Select(k => k.AccessKeyId).Distinct().Count().ShouldBe(50);
        keys.Select(k => k.SecretAccessKey).Distinct().Count().ShouldBe(50);
        keys.ShouldAllBe(k => k.MayUse("any-cluster") && !k.ReadOnly);
    }

    [Fact]
    public void The_keys_file_is_owner_only_and_reads_back_as_the_key()
    {
        var key = LocalEcsApiKey.Generate();

        var path = LocalEcsApiKey.Write(_folder.FullName, key);

        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var read = EcsApiCredentials.Parse(File.ReadAllBytes(path)).ShouldHaveSingleItem().Value;
        read.AccessKeyId.ShouldBe(key.AccessKeyId);
        read.SecretAccessKey.ShouldBe(key.SecretAccessKey);
        read.Clusters.ShouldBe(["*"]);
        // A second run in the same folder must not overwrite a file someone else may have prepared.
        Should.Throw<IOException>(() => LocalEcsApiKey.Write(_folder.FullName, key));
    }

    [Fact]
    public void The_printed_block_holds_the_environment_lines_and_an_example_command()
    {
        var key = LocalEcsApiKey.Generate();

        var lines = LocalEcsApiKey.EnvironmentBlock(key, "eu-west-1", LocalEcsApiKey.EndpointUrl(new IPEndPoint(IPAddress.Any, 8090)), "/tmp/k.json")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.ShouldContain($"export AWS_ACCESS_KEY_ID={key.AccessKeyId}");
        lines.ShouldContain($"export AWS_SECRET_ACCESS_KEY={key.SecretAccessKey}");
        lines.ShouldContain("export AWS_DEFAULT_REGION=eu-west-1");
        lines.ShouldContain("export AWS_ENDPOINT_URL_ECS=http://127.0.0.1:8090");
        lines.ShouldContain("aws ecs list-clusters --endpoint-url http://127.0.0.1:8090");
        LocalEcsApiKey.EndpointUrl(new IPEndPoint(IPAddress.IPv6Loopback, 9000)).ShouldBe("http://[::1]:9000");
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
