using EcsBridge.Core.Build;

namespace EcsBridge.UnitTests.Build;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-creds-AbCdEf", "db-creds-abcdef", "value")]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-creds-AbCdEf:password::", "db-creds-abcdef", "password")]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:Api_Key:token:AWSCURRENT:", "api-key", "token")]
    [InlineData("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/TOKEN", "token", "value")]
    [InlineData("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db_url", "db-url", "value")]
    [InlineData("/prod/api/feature_flags", "feature-flags", "value")]
    [InlineData("plain", "plain", "value")]
    [InlineData("stripe:secret_key", "stripe", "secret_key")]
    public void Secret_references_follow_the_documented_naming_convention(string valueFrom, string expectedName, string expectedKey)
    {
        var reference = SecretReference.Parse(valueFrom);

        reference.Name.ShouldBe(expectedName);
        reference.Key.ShouldBe(expectedKey);
    }
}
