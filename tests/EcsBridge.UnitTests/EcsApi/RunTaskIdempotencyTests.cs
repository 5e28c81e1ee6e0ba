using System.Text.Json;
using EcsBridge.EcsApi;
using Shouldly;

namespace EcsBridge.UnitTests.EcsApi;

/// <summary>RunTask's clientToken: which tokens ECS takes, and which requests count as the same.</summary>
public sealed class RunTaskIdempotencyTests
{
    [Theory]
    [InlineData("deploy-7-migrate")]
    [InlineData("0f1e2d3c-aaaa-bbbb-cccc-0123456789ab")]
    [InlineData("!~")]
    public void Tokens_of_1_to_64_characters_between_33_and_126_are_taken(string token) => RunTaskIdempotency.Validate(token);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void Other_tokens_are_InvalidParameterException(string token) =>
        Should.Throw<EcsApiException>(() => RunTaskIdempotency.Validate(token)).Type.ShouldBe("InvalidParameterException");

    [Fact]
    public void A_token_of_65_characters_is_refused() =>
        Should.Throw<EcsApiException>(() => RunTaskIdempotency.Validate(new string('x', 65))).Type.ShouldBe("InvalidParameterException");

    [Fact]
    public void The_request_hash_ignores_the_token_and_sees_every_parameter_and_the_cluster()
    {
        var request = new RunTaskRequest
        {
            TaskDefinition = "job", Count = 2, StartedBy = "ci", ClientToken = "a",
            Overrides = JsonDocument.Parse("""{"containerOverrides":[{"name":"main","command":["migrate"]}]}""").RootElement,
        };

        RunTaskIdempotency.RequestHash(request with { ClientToken = "b" }, "prod").ShouldBe(RunTaskIdempotency.RequestHash(request, "prod"));
        // No cluster named is the cluster it resolves to.
        RunTaskIdempotency.RequestHash(request with { Cluster = "prod" }, "prod").ShouldBe(RunTaskIdempotency.RequestHash(request, "prod"));
        RunTaskIdempotency.RequestHash(request with { Count = 1 }, "prod").ShouldNotBe(RunTaskIdempotency.RequestHash(request, "prod"));
        RunTaskIdempotency.RequestHash(request, "staging").ShouldNotBe(RunTaskIdempotency.RequestHash(request, "prod"));
        RunTaskIdempotency.RequestHash(request with { Overrides = JsonDocument.Parse("""{"containerOverrides":[{"name":"main","command":["seed"]}]}""").RootElement }, "prod")
            .ShouldNotBe(RunTaskIdempotency.RequestHash(request, "prod"));
    }

    [Fact]
    public void The_token_key_is_a_label_value_of_32_hex_digits()
    {
        RunTaskIdempotency.TokenKey("deploy-7-migrate").ShouldMatch("^[0-9a-f]{32}$");
        RunTaskIdempotency.TokenKey("a").ShouldNotBe(RunTaskIdempotency.TokenKey("b"));
    }
}
