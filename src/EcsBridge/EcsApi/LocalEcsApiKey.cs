using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EcsBridge.EcsApi;

/// <summary>Local mode's ECS API key: `ecsbridge run --local --ecs-api-bind-address …` without a keys file makes one
/// key for every cluster, writes the keys file (0600) into the local control plane's folder, which goes when the run
/// stops, and prints the lines a shell needs. The secret is printed only in that block, never logged.</summary>
internal static class LocalEcsApiKey
{
    // AWS access key ids are "AKIA" and 16 upper-case base-32 characters; some tools check the shape.
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public const string FileName = "ecs-api-credentials.json";

    /// <summary>A fresh key from the cryptographic RNG, allowed on every cluster and to write.</summary>
    public static EcsAccessKey Generate() => new()
    {
        AccessKeyId = "AKIA" + RandomNumberGenerator.GetString(IdAlphabet, 16),
        SecretAccessKey = RandomNumberGenerator.GetString(SecretAlphabet, 40),
        Clusters = ["*"],
    };

    /// <summary>Writes the keys file readable by the owner only; the mode is set when the file is created, so the
    /// secret is never in a file others can read, even for a moment.</summary>
    public static string Write(string directory, EcsAccessKey key)
    {
        var path = Path.Combine(directory, FileName);
        var json = JsonSerializer.SerializeToUtf8Bytes(new EcsCredentialsDocument { Keys = [key] }, EcsApiJsonContext.Default.EcsCredentialsDocument);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, create);
        stream.Write(json);
        return path;
    }

    /// <summary>The URL a client on this machine uses: a wildcard bind address is reached on loopback.</summary>
    public static string EndpointUrl(IPEndPoint bound)
    {
        var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
        return $"http://{host}:{bound.Port}";
    }

    /// <summary>The block printed on standard output: the environment lines and one command to try.</summary>
    public static string EnvironmentBlock(EcsAccessKey key, string region, string endpointUrl, string credentialsFile)
    {
        var text = new StringBuilder();
        text.Append("ecsbridge: ECS API at ").Append(endpointUrl).Append(" with a generated key (").Append(credentialsFile)
            .Append(", removed on stop); in another shell:\n");
        text.Append("export AWS_ACCESS_KEY_ID=").Append(key.AccessKeyId).Append('\n');
        text.Append("export AWS_SECRET_ACCESS_KEY=").Append(key.SecretAccessKey).Append('\n');
        text.Append("export AWS_DEFAULT_REGION=").Append(region).Append('\n');
        // Read by aws-cli 1.29+/2.13+ and the SDKs; older CLIs need --endpoint-url, as in the example.
        text.Append("export AWS_ENDPOINT_URL_ECS=").Append(endpointUrl).Append('\n');
        text.Append("aws ecs list-clusters --endpoint-url ").Append(endpointUrl).Append('\n');
        return text.ToString();
    }
}
