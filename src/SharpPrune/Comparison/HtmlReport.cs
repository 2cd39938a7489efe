using System.Net;
using System.Text;

namespace SharpPrune.Comparison;

/// <summary>report.html: one self-contained page (its style inline) showing the table, what was measured and the figures beside it.</summary>
internal static class HtmlReport
{
    const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 1.5rem auto; max-width: 1600px; padding: 0 1.5rem; color: #1f2328; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin-bottom: .3rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        .lead { color: #57606a; margin-top: 0; }
        .note { margin-top: .5rem; font-size: .9rem; }
        code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; font-size: .9em; word-break: break-all; }
        .scroll { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; font-size: .86rem; }
        th, td { padding: .35rem .5rem; border-bottom: 1px solid #d8dee4; white-space: nowrap; }
        th { background: #f6f8fa; text-align: left; font-weight: 600; vertical-align: bottom; white-space: normal; }
        th.group { text-align: center; border-bottom: 2px solid #afb8c1; border-left: 4px solid #fff; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tbody tr:hover { background: #eef4ff; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.best { font-weight: 700; background: #dafbe1; }
        td:first-child { font-weight: 600; }
        ul { padding-left: 1.3rem; }
        figure { margin: 1.5rem 0; }
        figure img { max-width: 100%; border: 1px solid #d0d7de; border-radius: 6px; }
        figcaption { color: #57606a; font-size: .9rem; margin-top: .3rem; }
        """;

    public static string Render(ComparisonSuite suite, ComparisonResults results, IReadOnlyList<(string File, string Caption)> figures)
    {
        var table = ComparisonTable.Of(results);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model comparison</title>");
        html.AppendLine($"<style>{Style}</style></head><body>");
        html.AppendLine("<h1>Model comparison</h1>");
        html.AppendLine($"<p class=\"lead\">Suite <code>{E(suite.Path)}</code> · {results.Models.Count} models × {suite.CellCount} measurements "
            + $"({results.Cached} of {results.Cells} from the cache). ↓ lower is better, ↑ higher is better. {E(ComparisonTable.HighlightRule)}</p>");
        html.AppendLine("<div class=\"scroll\"><table><thead><tr>");
        // Two heading rows: group headings span their columns; a column without a group spans both rows.
        int first = 0;
        foreach (var (group, span) in table.Groups())
        {
            html.Append(group is null ? $"<th rowspan=\"2\">{E(table.Columns[first].Header)}</th>" : $"<th class=\"group\" colspan=\"{span}\">{E(group)}</th>");
            first += span;
        }
        html.AppendLine("</tr><tr>");
        foreach (var c in table.Columns.Where(c => c.Group is not null))
            html.Append($"<th{(c.Numeric ? " class=\"num\"" : "")}>{E(c.Header)}</th>");
        html.AppendLine("</tr></thead><tbody>");
        for (int r = 0; r < table.Rows; r++)
        {
            html.Append("<tr>");
            foreach (var c in table.Columns)
            {
                var classes = new[] { c.Numeric ? "num" : null, c.Best[r] ? "best" : null }.OfType<string>().ToList();
                html.Append($"<td{(classes.Count > 0 ? $" class=\"{string.Join(' ', classes)}\"" : "")}>{E(c.Cells[r])}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table></div>");
        html.AppendLine("<p class=\"lead note\">pruning.json sparsity: the recipe's target · zeros in linears: measured in the weights of the "
            + "decoder layers' linear maps (what pruning may touch) · size: the safetensors files · nonzero: parameters that are not zero, embeddings and norms included.</p>");
        html.AppendLine("<h2>Measured on</h2><ul>");
        foreach (var line in SuiteDescription.Lines(suite, results)) html.AppendLine($"<li>{E(line)}</li>");
        html.AppendLine("</ul>");
        foreach (var (file, caption) in figures)
            html.AppendLine($"<figure><img src=\"{E(file)}\" alt=\"{E(caption)}\"><figcaption>{E(caption)}</figcaption></figure>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
