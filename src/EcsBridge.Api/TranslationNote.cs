using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("A field that is accepted but not honoured (or only approximated) on Kubernetes.")]
public sealed record TranslationNote
{
    [Description("The field path, e.g. spec.containerDefinitions[0].ulimits.")]
    public required string Field { get; init; }

    [Description("A CamelCase reason, e.g. NotSupported or Approximated.")]
    public required string Reason { get; init; }

    [Description("What happens instead, in a sentence.")]
    public required string Message { get; init; }
}
