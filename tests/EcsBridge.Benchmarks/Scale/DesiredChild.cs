using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>One child the operator should own: its apply body and the applied-hash annotation that body carries.</summary>
internal sealed record DesiredChild(ResourceType Type, string Namespace, string Name, JsonObject Body, string Hash)
{
    public string Key => ChildKey(Type.Kind, Namespace, Name);

    public static string ChildKey(string kind, string? ns, string? name) => kind + "/" + ns + "/" + name;
}
