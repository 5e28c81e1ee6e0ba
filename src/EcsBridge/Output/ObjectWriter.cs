using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.Output;

/// <summary>Writes Kubernetes objects (already JSON) to stdout: multi-document YAML for `kubectl apply -f -`, or a
/// `v1` List in JSON.</summary>
public static class ObjectWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Output for people and kubectl, not for embedding in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, IReadOnlyList<JsonObject> objects, OutputFormat format)
    {
        if (format == OutputFormat.Yaml)
        {
            YamlWriter.WriteDocuments(output, objects);
            return;
        }
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray([.. objects.Select(o => (JsonNode)o.DeepClone())]),
        };
        output.Write(list.ToJsonString(Indented));
        output.Write('\n');
    }
}
