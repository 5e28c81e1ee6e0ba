namespace EcsBridge.Core.Ecs;

/// <summary>Bounds on what `convert` and `render` read, so a wrong file fails fast instead of filling memory.</summary>
public static class InputLimits
{
    /// <summary>8 MiB. The largest real task definition (10 containers, every field) is well under 100 KiB;
    /// describe-services output with its 100 events per service stays under 1 MiB per service.</summary>
    public const int MaxInputBytes = 8 * Units.BytesPerMebibyte;

    /// <summary>Nesting deeper than this is not an ECS document.</summary>
    public const int MaxDepth = 64;

    /// <summary>Caps the nodes a YAML document may expand to through aliases ("billion laughs").</summary>
    public const int MaxYamlNodes = 1_000_000;
}
