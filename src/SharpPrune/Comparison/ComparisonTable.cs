using System.Globalization;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>
/// The comparison as a table, one row per model, rendered alike in results.md, report.html and on the console:
/// what the model is (pruning.json), its perplexity per set (↓ lower is better), its task scores (↑ higher is
/// better; accuracy and F1 under the results' score convention), and what its weights hold.
/// </summary>
public sealed record ComparisonTable(IReadOnlyList<ComparisonColumn> Columns, int Rows)
{
    public static ComparisonTable Of(ComparisonResults results)
    {
        var models = results.Models;
        ComparisonColumn Text(string? group, string header, string title, Func<ComparedModel, string> text) =>
            new(group, header, title, false, models.Select(text).ToList(), models.Select(_ => false).ToList());
        ComparisonColumn Number(string? group, string header, string title, Func<ComparedModel, double?> value, Func<double, string> format, int better = 0)
        {
            var values = models.Select(value).ToList();
            var present = values.OfType<double>().ToList();
            // Best only marks a column where models differ; with one model, or a tie of all, nothing stands out.
            double? best = better == 0 || present.Distinct().Count() < 2 ? null : better < 0 ? present.Min() : present.Max();
            return new(group, header, title, true, values.Select(v => v is double d ? format(d) : "—").ToList(),
                values.Select(v => v is not null && v == best).ToList());
        }
        const string Recipe = "pruning.json", Weights = "weights";
        var columns = new List<ComparisonColumn>
        {
            Text(null, "model", "model", m => m.Name),
            Text(Recipe, "method", "method", m => m.Pruning.Method),
            Text(Recipe, "pattern", "pattern", m => m.Pruning.Pattern ?? "—"),
            Number(Recipe, "sparsity", "target sparsity", m => m.Pruning.Sparsity, Percent),
        };
        foreach (var set in results.PerplexitySets)
            columns.Add(Number("perplexity ↓", set, $"ppl {set}", m => m.Perplexity[set].Perplexity, v => v.ToString("N2", CultureInfo.InvariantCulture), better: -1));
        string score = results.Score.Name();
        foreach (var task in results.Tasks)
        {
            columns.Add(Number($"{task} ↑", score, $"{task} {score}", m => m.Tasks[task].For(results.Score).Accuracy, Percent, better: 1));
            columns.Add(Number($"{task} ↑", "F1", $"{task} F1", m => m.Tasks[task].For(results.Score).MacroF1, v => v.ToString("F3", CultureInfo.InvariantCulture), better: 1));
        }
        columns.Add(Number(Weights, "zeros in linears", "zeros in linears", m => m.Summary.LinearSparsity, Percent));
        columns.Add(Number(Weights, "size MB", "size MB", m => m.SafetensorsBytes / 1e6, v => v.ToString("N2", CultureInfo.InvariantCulture)));
        columns.Add(Number(Weights, "parameters", "parameters", m => m.Summary.Parameters, v => v.ToString("N0", CultureInfo.InvariantCulture)));
        columns.Add(Number(Weights, "nonzero", "nonzero", m => m.Summary.NonzeroParameters, v => v.ToString("N0", CultureInfo.InvariantCulture)));
        return new ComparisonTable(columns, models.Count);
    }

    /// <summary>Runs of neighbouring columns under the same group heading, in order (a column without a group is a run of its own).</summary>
    public IEnumerable<(string? Group, int Span)> Groups()
    {
        for (int i = 0; i < Columns.Count;)
        {
            int span = 1;
            while (Columns[i].Group is not null && i + span < Columns.Count && Columns[i + span].Group == Columns[i].Group) span++;
            yield return (Columns[i].Group, span);
            i += span;
        }
    }

    static string Percent(double v) => (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
