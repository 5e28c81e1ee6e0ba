using System.Reflection;
using EcsBridge.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcsBridge.UnitTests.Hosting;

/// <summary>The one flag table: every setting has its flag, variable, binding key and help, and nothing is spelled
/// twice.</summary>
public sealed class OperatorFlagsTests
{
    private static IEnumerable<(string Key, PropertyInfo Property)> BoundProperties() =>
        typeof(OperatorOptions).GetProperties()
            .Select(p => (Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, Property: p))
            .Where(p => p.Key is not null)
            .Select(p => (p.Key!, p.Property));

    [Fact]
    public void Every_flag_has_an_environment_variable_a_binding_key_and_help()
    {
        var bound = BoundProperties().Select(p => p.Key).ToHashSet();
        foreach (var flag in OperatorFlags.All)
        {
            flag.EnvironmentVariable.ShouldBe("ECSBRIDGE_" + flag.Name.Replace('-', '_').ToUpperInvariant());
            bound.ShouldContain(flag.BindingKey, $"--{flag.Name} binds to no OperatorOptions property");
            flag.Help.ShouldStartWith(flag.Description);
            flag.Help.ShouldMatch(@" \(default .+\)\.$");
        }
    }

    [Fact]
    public void Every_bound_option_but_the_internal_ones_has_a_flag()
    {
        var flags = OperatorFlags.All.Select(f => f.BindingKey).ToHashSet();
        BoundProperties().Select(p => p.Key).Where(k => k != "local-mode").ShouldAllBe(k => flags.Contains(k));
    }

    [Fact]
    public void Names_and_variables_are_unique()
    {
        OperatorFlags.All.Select(f => f.Name).ShouldBeUnique();
        OperatorFlags.All.Select(f => f.EnvironmentVariable).ShouldBeUnique();
    }

    [Fact]
    public void The_help_shows_the_defaults_as_flags_spell_them()
    {
        Help("lease-duration").ShouldEndWith("(default 15s).");
        Help("circuit-breaker-deadline").ShouldEndWith("(default 10m).");
        Help("kube-api-qps").ShouldEndWith("(default 100).");
        Help("leader-elect").ShouldEndWith("(default false).");
        Help("watch-namespaces").ShouldEndWith("(default all).");
        Help("resync-period").ShouldEndWith("(default 1h).");
    }

    [Theory]
    [InlineData("lease-duration", "1h30m", "01:30:00")]
    [InlineData("circuit-breaker-deadline", "2m", "120")]
    [InlineData("leader-elect", "True", "true")]
    [InlineData("kube-api-qps", "12.5", "12.5")]
    [InlineData("concurrency", "8", "8")]
    [InlineData("concurrency", "8.5", null)]
    [InlineData("lease-duration", "15", null)]
    public void Each_kind_reads_its_text_into_one_canonical_spelling(string flag, string text, string? canonical)
    {
        OperatorFlags.All.Single(f => f.Name == flag).Canonical(text).ShouldBe(canonical);
    }

    private static string Help(string name) => OperatorFlags.All.Single(f => f.Name == name).Help;
}
