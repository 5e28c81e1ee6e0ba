using System.Globalization;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Build;

/// <summary>Names for the named port mappings of a task, unique in the pod (ECS's `http_api` and `http-api` both
/// read `http-api`, which the API server would refuse twice). The container ports and the Service's ports both take
/// their names from here, so a Service port always carries the name of the container port it targets.</summary>
internal static class PortNames
{
    /// <summary>(container index, mapping index) → name, for every mapping that has a name and becomes a container
    /// port (it has a containerPort and is the first of its port and protocol in the container). The first keeps
    /// <see cref="Names.PortName"/> of its name; a later one that would repeat it gets `-&lt;port&gt;` (then `-2`, …).</summary>
    public static Dictionary<(int Container, int Mapping), string> Assign(IReadOnlyList<ContainerDefinition> definitions)
    {
        var result = new Dictionary<(int, int), string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < definitions.Count; c++)
        {
            var seen = new HashSet<(int, string)>();
            var mappings = definitions[c].PortMappings ?? [];
            for (var m = 0; m < mappings.Count; m++)
            {
                var mapping = mappings[m];
                if (mapping.ContainerPort is not { } port || !seen.Add((port, ContainerBuilder.Protocol(mapping.Protocol))) || mapping.Name is null)
                {
                    continue;
                }
                var name = Names.PortName(mapping.Name);
                if (!used.Add(name))
                {
                    var withPort = Names.PortName($"{name}-{port.ToString(CultureInfo.InvariantCulture)}");
                    name = withPort;
                    for (var suffix = 2; !used.Add(name); suffix++)
                    {
                        name = Names.PortName($"{withPort}-{suffix.ToString(CultureInfo.InvariantCulture)}");
                    }
                }
                result[(c, m)] = name;
            }
        }
        return result;
    }
}
