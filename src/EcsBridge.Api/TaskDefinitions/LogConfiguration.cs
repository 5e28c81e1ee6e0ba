using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A Docker log driver configuration. Reported: on Kubernetes logs are collected from stdout/stderr.")]
public sealed record LogConfiguration
{
    [Description("The log driver.")]
    [Enum("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens")]
    public required string LogDriver { get; init; }

    [Description("Driver options.")]
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    [Description("Driver options taken from secrets.")]
    public IReadOnlyList<ContainerSecret>? SecretOptions { get; init; }
}
