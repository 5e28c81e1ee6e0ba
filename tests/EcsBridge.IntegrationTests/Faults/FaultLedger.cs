using System.Globalization;
using System.Text;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>What each fault scenario injected and checked. Every scenario adds its row; the summary (totals over
/// every scenario run so far) goes to the test output and to artifacts/faults/summary.txt after each one, so the
/// file is complete once the suite ends.</summary>
internal static class FaultLedger
{
    private static readonly Lock Gate = new();
    private static readonly List<Row> Rows = [];

    public sealed record Row(string Scenario, IReadOnlyList<string> Faults, int ObjectsChecked, int ObjectsLost, string Notes);

    public static string Record(string repositoryRoot, Row row)
    {
        string summary;
        lock (Gate)
        {
            Rows.RemoveAll(r => r.Scenario == row.Scenario);
            Rows.Add(row);
            summary = Render();
        }
        var directory = Path.Combine(repositoryRoot, "artifacts", "faults");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "summary.txt"), summary);
        return summary;
    }

    private static string Render()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"EcsBridge fault suite — {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z, {Environment.ProcessorCount} cores");
        foreach (var row in Rows)
        {
            sb.AppendLine(inv, $"- {row.Scenario}: {row.Faults.Count} fault(s) injected, {row.ObjectsChecked} object(s) checked, {row.ObjectsLost} lost");
            foreach (var fault in row.Faults)
            {
                sb.AppendLine(inv, $"    fault: {fault}");
            }
            if (row.Notes.Length > 0)
            {
                sb.AppendLine(inv, $"    {row.Notes}");
            }
        }
        sb.AppendLine(inv, $"TOTAL: {Rows.Count} scenario(s), {Rows.Sum(r => r.Faults.Count)} fault(s) injected, {Rows.Sum(r => r.ObjectsChecked)} object(s) checked, {Rows.Sum(r => r.ObjectsLost)} object(s) lost");
        return sb.ToString();
    }
}
