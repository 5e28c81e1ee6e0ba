namespace EcsBridge.Core.Ecs;

/// <summary>How much a diagnostic matters. Warnings name something that will not be honoured as written;
/// notes explain a decision the reader would otherwise have to guess (a renamed object, an ignored failure).</summary>
public enum DiagnosticSeverity
{
    Note,
    Warning,
}

/// <summary>One line of feedback about the input: <c>warning: &lt;path&gt;: &lt;message&gt;</c>.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Path, string Message)
{
    public static Diagnostic Warning(string path, string message) => new(DiagnosticSeverity.Warning, path, message);

    public static Diagnostic Note(string path, string message) => new(DiagnosticSeverity.Note, path, message);

    public override string ToString() =>
        (Severity == DiagnosticSeverity.Warning ? "warning: " : "note: ") + (Path.Length == 0 ? "" : Path + ": ") + Message;
}
