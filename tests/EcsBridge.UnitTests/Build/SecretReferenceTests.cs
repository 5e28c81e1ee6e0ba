using System.Text.RegularExpressions;
using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Build;

public sealed class SecretReferenceTests
{
    /// <summary>Kubernetes' own rule for object names (IsDNS1123Subdomain), written out independently of the code under test.</summary>
    private static readonly Regex Dns1123Subdomain = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant);

    // Every row of README's "Secret references" table, in the same order. The hashed names were computed outside the
    // code under test: `printf %s 'Api_Key' | sha256sum | cut -c1-8` (and the same for 'prod/api/TOKEN').
    [Theory]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", "prod.db", "value", null, null)]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/db-XyZ123:password::", "staging.db", "password", null, null)]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password:AWSPREVIOUS:", "prod.db", "password", "AWSPREVIOUS", null)]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:Api_Key-Zz9Zz9:token::0f1e2d3c-aaaa-bbbb-cccc-0123456789ab", "api-key-8e2925ff", "token", null, "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab")]
    [InlineData("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/token", "prod.api.token", "value", null, null)]
    [InlineData("/prod/api/TOKEN", "prod.api.token-48dbcf61", "value", null, null)]
    [InlineData("stripe:secret_key", "stripe", "secret_key", null, null)]
    public void The_readme_table_rows_hold(string valueFrom, string name, string key, string? stage, string? versionId)
    {
        var reference = SecretReference.Parse(valueFrom);

        reference.Name.ShouldBe(name);
        reference.Key.ShouldBe(key);
        reference.VersionStage.ShouldBe(stage);
        reference.VersionId.ShouldBe(versionId);
    }

    [Fact]
    public void Distinct_secrets_get_distinct_valid_secret_names()
    {
        var longPrefix = "team/" + new string('a', 250);
        string[] references =
        [
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/db-XyZ123",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod.db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Prod/db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod_db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/DB-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod//db-AbCdEf",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/TOKEN",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/staging/api/TOKEN",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/token",
            "/prod/api/feature_flags",
            "/prod/api/feature-flags",
            longPrefix + "1",
            longPrefix + "2",
            "plain",
        ];

        var names = references.Select(r => SecretReference.Parse(r).Name).ToList();

        names.Distinct(StringComparer.Ordinal).Count().ShouldBe(references.Length, string.Join(", ", names));
        names.ShouldAllBe(n => n.Length <= 253 && Dns1123Subdomain.IsMatch(n));
    }

    [Theory]
    // One secret, whatever the reference looks like: the random suffix of the ARN, the JSON key and the version are not part of its name.
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Q1w2E3:username::")]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password:AWSCURRENT:")]
    [InlineData("prod/db")]
    [InlineData("/prod/db")]
    public void The_same_secret_maps_to_one_secret_name(string valueFrom) =>
        SecretReference.Parse(valueFrom).Name.ShouldBe("prod.db");

    [Theory]
    // Only a Secrets Manager ARN carries the random suffix; elsewhere a six-character tail is part of the name.
    [InlineData("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/app-abcdef", "prod.app-abcdef")]
    [InlineData("/prod/app-abcdef", "prod.app-abcdef")]
    // A Secrets Manager name shorter than the suffix pattern keeps what it has.
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-x1", "db-x1")]
    public void The_random_suffix_is_dropped_only_from_secrets_manager_arns(string valueFrom, string expected) =>
        SecretReference.Parse(valueFrom).Name.ShouldBe(expected);

    [Fact]
    public void A_version_stage_or_id_gives_a_translation_note_on_that_secret()
    {
        var spec = new EcsTaskDefinitionSpec
        {
            Family = "api",
            ContainerDefinitions =
            [
                new ContainerDefinition
                {
                    Name = "api", Image = "example/api:3", Memory = 256,
                    Secrets =
                    [
                        new ContainerSecret { Name = "CURRENT", ValueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password::" },
                        new ContainerSecret { Name = "PREVIOUS", ValueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password:AWSPREVIOUS:" },
                    ],
                },
            ],
        };
        var service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "api", Namespace = "shop" },
            Spec = new EcsServiceSpec { TaskDefinition = "api", DesiredCount = 1 },
        };

        var state = DesiredStateBuilder.Build(service, new ResolvedTaskDefinition("api", 1, spec));

        var versionNotes = state.Notes.Where(n => n.Reason == "NotSupported" && n.Field.Contains(".secrets[", StringComparison.Ordinal)).ToList();
        var note = versionNotes.ShouldHaveSingleItem();
        note.Field.ShouldEndWith("containerDefinitions[0].secrets[1].valueFrom");
        note.Message.ShouldContain("AWSPREVIOUS");
        note.Message.ShouldContain("\"prod.db\"");
    }
}
