using EcsBridge.Api;

namespace EcsBridge.Core.Build;

/// <summary>Collects translation notes in the order the builders meet the fields, without duplicates.</summary>
internal sealed class BuildNotes
{
    private readonly List<TranslationNote> notes = [];
    private readonly HashSet<(string Field, string Reason)> seen = [];

    public IReadOnlyList<TranslationNote> All => notes;

    /// <summary>A note on a task definition field; <paramref name="field"/> is relative to the spec.</summary>
    public void TaskDefinition(string field, string reason, string message) => Add("taskDefinition." + field, reason, message);

    /// <summary>A note on an EcsService field; <paramref name="field"/> is relative to the spec.</summary>
    public void Service(string field, string reason, string message) => Add("spec." + field, reason, message);

    /// <summary>A note on any other field, <paramref name="field"/> as the reader sees it (an EcsTask's "spec.…").</summary>
    public void Add(string field, string reason, string message)
    {
        if (seen.Add((field, reason)))
        {
            notes.Add(new TranslationNote { Field = field, Reason = reason, Message = message });
        }
    }
}
