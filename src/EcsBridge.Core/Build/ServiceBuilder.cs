using System.Globalization;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>A Service with the EcsService's name in front of the pods. With loadBalancers it is a LoadBalancer that
/// exposes only the load-balanced ports (as an ECS target group does); otherwise a ClusterIP Service with every port
/// of the task. No ports → no Service.</summary>
internal static class ServiceBuilder
{
    public const string ClusterIp = "ClusterIP";
    public const string LoadBalancer = "LoadBalancer";

    public static Service? Build(BuildContext context, PodTemplateSpec template)
    {
        var notes = context.Notes;
        var exposed = ExposedPorts(context, template);
        var loadBalancers = context.ServiceSpec.LoadBalancers ?? [];
        var ports = new List<ServicePort>();
        var usedNames = new HashSet<string>(StringComparer.Ordinal);

        if (loadBalancers.Count > 0)
        {
            for (var i = 0; i < loadBalancers.Count; i++)
            {
                var balancer = loadBalancers[i];
                var field = $"loadBalancers[{i}]";
                var match = exposed.FirstOrDefault(p =>
                    string.Equals(p.EcsContainer, balancer.ContainerName, StringComparison.Ordinal) && p.Port.Port == balancer.ContainerPort);
                if (match is null)
                {
                    notes.Service(field, NoteReasons.Invalid, $"container \"{balancer.ContainerName}\" has no port {balancer.ContainerPort}; not exposed");
                    continue;
                }

                if (balancer.TargetGroupArn is not null || balancer.LoadBalancerName is not null)
                {
                    notes.Service(field, NoteReasons.Approximated, "exposed through a LoadBalancer Service; the cluster provisions the load balancer, the AWS target group or load balancer named here is not used");
                }

                AddPort(ports, usedNames, match);
            }
        }
        else
        {
            foreach (var port in exposed)
            {
                AddPort(ports, usedNames, port);
            }
        }

        ReportDiscovery(context, ports.Count > 0);
        if (ports.Count == 0)
        {
            return null;
        }

        return new Service
        {
            Metadata = context.ChildMetadata(),
            Spec = new ServiceSpec
            {
                Ports = ports,
                Selector = context.SelectorLabels,
                Type = loadBalancers.Count > 0 ? LoadBalancer : ClusterIp,
            },
        };
    }

    private sealed record ExposedPort(string EcsContainer, ContainerPort Port, string? AppProtocol, string? Name);

    /// <summary>Ports of the containers that keep running: regular containers and native sidecars.</summary>
    private static List<ExposedPort> ExposedPorts(BuildContext context, PodTemplateSpec template)
    {
        var podSpec = template.Spec!;
        var running = podSpec.Containers.Concat((podSpec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"))
            .Select(c => c.Name)
            .ToHashSet(StringComparer.Ordinal);
        var result = new List<ExposedPort>();
        var definitions = context.TaskSpec.ContainerDefinitions;
        var containerNames = ContainerNames.Assign(definitions);
        var portNames = PortNames.Assign(definitions);
        for (var c = 0; c < definitions.Count; c++)
        {
            var definition = definitions[c];
            if (!running.Contains(containerNames[c]))
            {
                continue;
            }

            var mappings = definition.PortMappings ?? [];
            for (var m = 0; m < mappings.Count; m++)
            {
                var mapping = mappings[m];
                if (mapping.ContainerPort is not { } number)
                {
                    continue;
                }

                var protocol = ContainerBuilder.Protocol(mapping.Protocol);
                if (result.Any(p => p.Port.Port == number && p.Port.Protocol == protocol))
                {
                    continue;
                }

                result.Add(new ExposedPort(definition.Name, new ContainerPort { Port = number, Protocol = protocol }, AppProtocol(mapping), portNames.GetValueOrDefault((c, m))));
            }
        }

        return result;
    }

    private static void AddPort(List<ServicePort> ports, HashSet<string> usedNames, ExposedPort exposed)
    {
        if (ports.Any(p => p.Port == exposed.Port.Port && p.Protocol == exposed.Port.Protocol))
        {
            return;
        }

        var number = exposed.Port.Port.ToString(CultureInfo.InvariantCulture);
        // A named port keeps its container port's name (unique in the pod); an unnamed one is named after its number.
        var name = exposed.Name ?? $"{exposed.Port.Protocol!.ToLowerInvariant()}-{number}";
        if (!usedNames.Add(name))
        {
            name = Names.PortName($"{name}-{number}");
            usedNames.Add(name);
        }

        ports.Add(new ServicePort
        {
            Name = name,
            Protocol = exposed.Port.Protocol,
            AppProtocol = exposed.AppProtocol,
            Port = exposed.Port.Port,
            TargetPort = exposed.Port.Port,
        });
    }

    /// <summary>ECS appProtocol → Service appProtocol: http stays, http2 is cleartext HTTP/2 (kubernetes.io/h2c).</summary>
    private static string? AppProtocol(PortMapping mapping) => mapping.AppProtocol?.ToLowerInvariant() switch
    {
        null => null,
        "http2" => "kubernetes.io/h2c",
        var other => other,
    };

    private static void ReportDiscovery(BuildContext context, bool hasService)
    {
        var spec = context.ServiceSpec;
        var how = hasService
            ? $"the Service \"{context.Name}\" gives the tasks a stable DNS name ({context.Name}.<namespace>.svc)"
            : "the task exposes no ports, so there is no Service";
        if (spec.ServiceRegistries is { Count: > 0 })
        {
            context.Notes.Service("serviceRegistries", NoteReasons.Approximated, "Cloud Map is not used; " + how);
        }

        if (spec.ServiceConnectConfiguration is { Enabled: true })
        {
            context.Notes.Service("serviceConnectConfiguration", NoteReasons.Approximated, "Service Connect is not used (no proxy, aliases or timeouts); " + how);
        }
    }
}
