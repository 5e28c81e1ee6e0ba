using System.Text.Json.Nodes;

namespace EcsBridge.Api.Crds;

/// <summary>One generated CustomResourceDefinition: its file name, its YAML text and its JSON tree.</summary>
public sealed record GeneratedCrd(string FileName, string Yaml, JsonObject Definition);
