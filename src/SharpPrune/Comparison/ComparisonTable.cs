using System.Globalization;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>
/// The comparison as a table, one row per model, rendered alike in results.md, report.html and on the console:
/// what the model is (pruning.json), its perplexity per set (↓ lower is better), its task scores (↑ higher is
/// better; accuracy, F1 and gold margin under the results' score convention) with the task's chance level, and what its
/// weights hold. A value is highlighted only where it beats every other model beyond the standard errors
/// (<see cref="BestValue"/>).
/// </summary>
public sealed record ComparisonTable(IReadOnlyList<ComparisonColumn> Columns, int Rows)
{
    public static ComparisonTable Of(ComparisonResults results)
    {
        var models = results.Models;
        ComparisonColumn Text(string? group, string header, string title, Func<ComparedModel, string> text) =>
            new(group, header, title, false, models.Select(text).ToList(), models.Select(_ => false).ToList());
        ComparisonColumn Number(string? group, string header, string title, Func<ComparedModel, double?> value, Func<double, string> format) =>
            new(group, header, title, true, models.Select(m => value(m) is double d ? format(d) : "—").ToList(), models.Select(_ => false).ToList());
        ComparisonColumn Compared(string? group, string header, string title, Func<ComparedModel, Measurement?> value, Func<Measurement, string> format,
            int better, double? floor = null)
        {
            var values = models.Select(value).ToList();
            int? best = BestValue.Of(values, better, floor);
            return new(group, header, title, true, values.Select(v => v is Measurement m ? format(m) : "—").ToList(),
                values.Select((_, i) => i == best).ToList());
        }
        const string Recipe = "pruning.json", Weights = "weights";
        var columns = new List<ComparisonColumn>
        {
            Text(null, "model", "model", m => m.Name),
            Text(Recipe, "method", "method", m => m.Pruning.Method),
            Text(Recipe, "pattern", "pattern", m => m.Pruning.Pattern ?? "—"),
            Number(Recipe, "sparsity", "target sparsity", m => m.Pruning.Sparsity, Percent),
        };
        // Perplexities are compared as mean NLL, whose standard error is known; the table shows their exponential.
        foreach (var set in results.PerplexitySets)
            columns.Add(Compared("perplexity ↓", set, $"ppl {set}", m => new Measurement(m.Perplexity[set].Nll, m.Perplexity[set].NllStandardError),
                v => Math.Exp(v.Value).ToString("N2", CultureInfo.InvariantCulture), better: -1));
        string score = results.Score.Name();
        foreach (var task in results.Tasks)
        {
            var facts = results.TaskFacts?.GetValueOrDefault(task);
            string group = facts?.Chance is { } c ? $"{task} ↑ · chance {Percent(c.Uniform)}, majority {Percent(c.Majority)} ('{c.MajorityAnswer}')" : $"{task} ↑";
            string chanceTitle = facts?.Chance is { } t ? $" (chance {Percent(t.Uniform)}, majority {Percent(t.Majority)})" : "";
            columns.Add(Compared(group, $"{score} ± s.e.", $"{task} {score} ± s.e.{chanceTitle}",
                m => new Measurement(m.Tasks[task].For(results.Score).Accuracy, ChanceLevel.AccuracyStandardError(m.Tasks[task].For(results.Score).Accuracy, m.Tasks[task].N)),
                v => $"{(v.Value * 100).ToString("F1", CultureInfo.InvariantCulture)} ± {(v.StandardError!.Value * 100).ToString("F1", CultureInfo.InvariantCulture)}%",
                better: 1, floor: facts?.Chance?.Level));
            // Macro-F1 has no standard error here, so it is shown and never highlighted.
            columns.Add(Compared(group, "F1", $"{task} F1", m => new Measurement(m.Tasks[task].For(results.Score).MacroF1, null),
                v => v.Value.ToString("F3", CultureInfo.InvariantCulture), better: 1));
            columns.Add(Compared(group, "gold margin ± s.e.", $"{task} gold margin ± s.e.",
                m => m.Tasks[task].For(results.Score) is { GoldMargin: double mean, GoldMarginSe: double se } ? new Measurement(mean, se) : null,
                v => $"{v.Value.ToString("F3", CultureInfo.InvariantCulture)} ± {v.StandardError!.Value.ToString("F3", CultureInfo.InvariantCulture)}", better: 1));
            // Where prompts were cut to fit a model, the score is of shortened contexts: say how many.
            if (models.Any(m => m.Tasks[task].Cut > 0))
                columns.Add(Text(group, "prompts cut", $"{task} prompts cut", m => $"{m.Tasks[task].Cut} of {facts?.Examples.ToString(CultureInfo.InvariantCulture) ?? "?"}"));
        }
        columns.Add(Number(Weights, "zeros in linears", "zeros in linears", m => m.Summary.LinearSparsity, Percent));
        columns.Add(Number(Weights, "size MB", "size MB", m => m.SafetensorsBytes / 1e6, v => v.ToString("N2", CultureInfo.InvariantCulture)));
        columns.Add(Number(Weights, "parameters", "parameters", m => m.Summary.Parameters, v => v.ToString("N0", CultureInfo.InvariantCulture)));
        columns.Add(Number(Weights, "nonzero", "nonzero", m => m.Summary.NonzeroParameters, v => v.ToString("N0", CultureInfo.InvariantCulture)));
        return new ComparisonTable(columns, models.Count);
    }

    /// <summary>What the highlighting means, for the reports' captions.</summary>
    public const string HighlightRule =
        "A value is highlighted only where it beats every other model's by more than the standard error of the difference "
        + "(perplexity: over tokens; accuracy: binomial; gold margin: over examples), and an accuracy only where it also beats the task's chance level "
        + "(the better of a uniform guess and always giving the most common answer) by more than its own. Macro-F1 has no standard error and is never highlighted.";

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
