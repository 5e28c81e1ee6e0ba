namespace EcsBridge.Output;

/// <summary>How convert and render write objects: multi-document YAML (the default) or a JSON List.</summary>
public enum OutputFormat
{
    Yaml,
    Json,
}
