using EcsBridge.Api;

namespace EcsBridge.Core.Validation;

/// <summary>One finding: the field path (e.g. spec.containerDefinitions[1].memoryReservation), a CamelCase
/// reason and a sentence.</summary>
public sealed record ValidationIssue(string Path, string Reason, string Message)
{
    public TranslationNote ToTranslationNote() => new() { Field = Path, Reason = Reason, Message = Message };

    public override string ToString() => $"{Path}: {Message} ({Reason})";
}
