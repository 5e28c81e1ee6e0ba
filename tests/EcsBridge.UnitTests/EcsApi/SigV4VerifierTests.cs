using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.EcsApi;
using Shouldly;

namespace EcsBridge.UnitTests.EcsApi;

/// <summary>SigV4 verification against an independent signer: botocore's SigV4Auth (the AWS CLI's own) signs each
/// request in a python3 process; the verifier must accept exactly what it signed and refuse every alteration.
/// Fails, saying so, when python3 or botocore is missing (tests/envtest/setup.sh installs them).</summary>
public sealed class SigV4VerifierTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Target = "AmazonEC2ContainerServiceV20141113.ListServices";

    private static readonly EcsAccessKey Key = new() { AccessKeyId = KeyId, SecretAccessKey = Secret, Clusters = ["*"] };

    [Theory]
    [InlineData("http://127.0.0.1:9000/", """{"cluster":"prod"}""")]
    [InlineData("http://127.0.0.1:9000/", "")]
    [InlineData("http://localhost:8443/x/y?b=2&a=1%20z", """{"cluster":"über ✓"}""")]
    public void Accepts_what_botocore_signed(string url, string body)
    {
        var (request, signedAt) = SignWithBotocore(url, body, Secret, "us-east-1");
        Verifier(signedAt).Verify(request).AccessKeyId.ShouldBe(KeyId);
    }

    [Fact]
    public void Refuses_a_tampered_body_a_wrong_secret_an_unknown_key_and_a_missing_signature()
    {
        var (request, signedAt) = SignWithBotocore("http://127.0.0.1:9000/", """{"cluster":"prod","desiredCount":1}""", Secret, "us-east-1");
        var verifier = Verifier(signedAt);

        Refusal(verifier, request with { Body = Encoding.UTF8.GetBytes("""{"cluster":"prod","desiredCount":9}""") }).ShouldBe(EcsErrorTypes.InvalidSignature);
        var (wrongSecret, _) = SignWithBotocore("http://127.0.0.1:9000/", "{}", "not-the-secret", "us-east-1");
        Refusal(verifier, wrongSecret).ShouldBe(EcsErrorTypes.InvalidSignature);
        var other = request with { Headers = [.. request.Headers.Select(h => h.Name == "Authorization" ? (h.Name, h.Value.Replace(KeyId, "AKIDUNKNOWN", StringComparison.Ordinal)) : h)] };
        Refusal(verifier, other).ShouldBe(EcsErrorTypes.UnrecognizedClient);
        Refusal(verifier, request with { Headers = [.. request.Headers.Where(h => h.Name != "Authorization")] }).ShouldBe(EcsErrorTypes.MissingAuthenticationToken);
        var otherTarget = request with { Headers = [.. request.Headers.Select(h => h.Name == "X-Amz-Target" ? (h.Name, "AmazonEC2ContainerServiceV20141113.DeleteService") : h)] };
        Refusal(verifier, otherTarget).ShouldBe(EcsErrorTypes.InvalidSignature);
    }

    [Fact]
    public void Refuses_a_signature_outside_15_minutes_and_another_region()
    {
        var (request, signedAt) = SignWithBotocore("http://127.0.0.1:9000/", "{}", Secret, "us-east-1");
        Verifier(signedAt.AddMinutes(14)).Verify(request).AccessKeyId.ShouldBe(KeyId);
        Verifier(signedAt.AddMinutes(-14)).Verify(request).AccessKeyId.ShouldBe(KeyId);
        Refusal(Verifier(signedAt.AddMinutes(16)), request).ShouldBe(EcsErrorTypes.InvalidSignature);
        Refusal(Verifier(signedAt.AddMinutes(-16)), request).ShouldBe(EcsErrorTypes.InvalidSignature);
        var (elsewhere, at) = SignWithBotocore("http://127.0.0.1:9000/", "{}", Secret, "eu-west-1");
        Refusal(Verifier(at), elsewhere).ShouldBe(EcsErrorTypes.InvalidSignature);
    }

    [Fact]
    public void A_declared_payload_hash_must_match_the_body()
    {
        var (request, signedAt) = SignWithBotocore("http://127.0.0.1:9000/", "{}", Secret, "us-east-1",
            extraHeader: ("X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        // Signed, but the hash is of another body (the empty one).
        Refusal(Verifier(signedAt), request).ShouldBe(EcsErrorTypes.InvalidSignature);
    }

    [Fact]
    public void Refusal_messages_never_carry_the_secret()
    {
        var (request, signedAt) = SignWithBotocore("http://127.0.0.1:9000/", "{}", "not-the-secret", "us-east-1");
        var ex = Should.Throw<EcsApiException>(() => Verifier(signedAt).Verify(request));
        ex.Message.ShouldNotContain(Secret);
        ex.Message.ShouldNotContain("not-the-secret");
    }

    private static SigV4Verifier Verifier(DateTimeOffset now) =>
        new(id => id == KeyId ? Key : null, "us-east-1", new FixedTime(now));

    private static string Refusal(SigV4Verifier verifier, EcsHttpRequest request) =>
        Should.Throw<EcsApiException>(() => verifier.Verify(request)).Type;

    /// <summary>The request as botocore signs it, and the time it signed at (its X-Amz-Date).</summary>
    private static (EcsHttpRequest Request, DateTimeOffset SignedAt) SignWithBotocore(string url, string body, string secret, string region, (string Name, string Value)? extraHeader = null)
    {
        const string script = """
            import json, sys
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            a = json.loads(sys.stdin.read())
            headers = {'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': a['target']}
            headers.update(a['extra'])
            req = AWSRequest(method='POST', url=a['url'], data=a['body'].encode('utf-8'), headers=headers)
            SigV4Auth(Credentials(a['key'], a['secret']), 'ecs', a['region']).add_auth(req)
            print(json.dumps(dict(req.headers.items())))
            """;
        var extra = new JsonObject();
        if (extraHeader is { } h)
        {
            extra[h.Name] = h.Value;
        }
        var input = new JsonObject { ["url"] = url, ["body"] = body, ["key"] = KeyId, ["secret"] = secret, ["region"] = region, ["target"] = Target, ["extra"] = extra };
        var start = new ProcessStartInfo("python3") { ArgumentList = { "-c", script }, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, "python3 with botocore is needed as the independent SigV4 signer (tests/envtest/setup.sh installs it): " + stderr);
        var signed = JsonNode.Parse(stdout)!.AsObject();
        var uri = new Uri(url);
        var headers = new List<(string, string)> { ("Host", uri.IsDefaultPort ? uri.Host : uri.Authority) };
        headers.AddRange(signed.Select(p => (p.Key, p.Value!.GetValue<string>())));
        var signedAt = DateTimeOffset.ParseExact(signed["X-Amz-Date"]!.GetValue<string>(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (new EcsHttpRequest("POST", uri.PathAndQuery, headers, Encoding.UTF8.GetBytes(body)), signedAt);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
