using System.Reflection;
using EcsBridge.ControlPlane;
using EcsBridge.Core.Ecs;
using EcsBridge.Kubernetes;
using EcsBridge.Output;
using Microsoft.Extensions.Logging;

namespace EcsBridge.UnitTests.Observability;

/// <summary>Every [LoggerMessage] in the product's assemblies has its own event ID, inside its assembly's block of
/// <see cref="EventIdRanges"/>, so a log reader can tell every message apart by its ID alone.</summary>
public sealed class EventIdTests
{
    private static readonly (Assembly Assembly, int First, int Last)[] Blocks =
    [
        (typeof(ObjectWriter).Assembly, EventIdRanges.OperatorFirst, EventIdRanges.OperatorLast),
        (typeof(EventIdRanges).Assembly, EventIdRanges.KubernetesFirst, EventIdRanges.KubernetesLast),
    ];

    // Assemblies with no log messages today; one that gains some needs a block in EventIdRanges first.
    private static readonly Assembly[] Silent = [typeof(Units).Assembly, typeof(EcsBridge.Api.EcsService).Assembly, typeof(LocalControlPlane).Assembly];

    [Fact]
    public void Every_log_message_has_an_event_id_of_its_own_inside_its_assemblys_block()
    {
        var all = new List<(int Id, string Method)>();
        foreach (var (assembly, first, last) in Blocks)
        {
            var messages = Messages(assembly);
            messages.ShouldNotBeEmpty($"{assembly.GetName().Name} has no [LoggerMessage] at all; the reflection found nothing");
            foreach (var (id, method) in messages)
            {
                id.ShouldBeInRange(first, last, $"{method} in {assembly.GetName().Name}");
            }
            all.AddRange(messages);
        }
        foreach (var assembly in Silent)
        {
            Messages(assembly).ShouldBeEmpty($"{assembly.GetName().Name} logs now: give it a block in EventIdRanges and list it above");
        }

        var duplicates = all.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        duplicates.ShouldBeEmpty();
    }

    private static List<(int Id, string Method)> Messages(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.EventId, $"{p.Method.DeclaringType!.FullName}.{p.Method.Name}"))];
}
