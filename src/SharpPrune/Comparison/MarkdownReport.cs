using System.Text;

namespace SharpPrune.Comparison;

/// <summary>results.md: the table (a value that beats the others beyond noise in bold), what was measured, and the figures.</summary>
internal static class MarkdownReport
{
    public static string Render(ComparisonSuite suite, ComparisonResults results, IReadOnlyList<(string File, string Caption)> figures)
    {
        var table = ComparisonTable.Of(results);
        var md = new StringBuilder();
        md.AppendLine("# Model comparison").AppendLine();
        md.AppendLine($"Suite `{suite.Path}`: {results.Models.Count} models × {suite.CellCount} measurements ({results.Cached} of {results.Cells} from the cache). Highlights in **bold**: {ComparisonTable.HighlightRule}").AppendLine();
        md.AppendLine("| " + string.Join(" | ", table.Columns.Select(c => Escape(c.Title))) + " |");
        md.AppendLine("|" + string.Join("|", table.Columns.Select(c => c.Numeric ? "---:" : "---")) + "|");
        for (int r = 0; r < table.Rows; r++)
            md.AppendLine("| " + string.Join(" | ", table.Columns.Select(c => c.Best[r] ? $"**{Escape(c.Cells[r])}**" : Escape(c.Cells[r]))) + " |");
        md.AppendLine().AppendLine("## Measured on").AppendLine();
        foreach (var line in SuiteDescription.Lines(suite, results)) md.AppendLine($"- {line}");
        foreach (var (file, caption) in figures) md.AppendLine().AppendLine($"![{caption}]({file})");
        return md.ToString();
    }

    static string Escape(string text) => text.Replace("|", "\\|");
}
