using SharpPrune.IO;

namespace SharpPrune.Comparison;

/// <summary>
/// Writes a comparison's report folder: results.json (everything measured), results.md and report.html (the table),
/// and the PNG figures they show. The folder appears complete or not at all (<see cref="AtomicDirectory"/>).
/// </summary>
public static class ComparisonReport
{
    public const string ResultsJson = "results.json";
    public const string ResultsMarkdown = "results.md";
    public const string Html = "report.html";

    /// <summary>
    /// Refuses a report or cache folder that is, sits inside or holds a compared model or a file the suite reads: called
    /// before measuring anything, and again by <see cref="Write"/>.
    /// </summary>
    public static void CheckOutput(string directory, string? cache, ComparisonSuite suite, IEnumerable<string> models)
    {
        string?[] inputs = [suite.Path, .. models, .. suite.Perplexity.SelectMany(p => new[] { p.Spec.Data, p.Spec.Filter?.IdFile }),
            .. suite.Tasks.SelectMany(t => new[] { t.Data, File.Exists(t.Task) ? t.Task : null })];
        OutputPaths.CheckApart(directory, "--out", inputs);
        if (cache is not null) OutputPaths.CheckApart(cache, "--cache", inputs);
    }

    public static void Write(string directory, ComparisonSuite suite, ComparisonResults results, bool overwrite)
    {
        CheckOutput(directory, null, suite, results.Models.Select(m => m.Directory));
        using var staging = AtomicDirectory.Begin(directory, overwrite);
        var figures = new List<(string File, string Caption)>();
        if (ReportPlots.WithZeros(results).Count > 0)
        {
            ReportPlots.LayerSparsity(results, Path.Combine(staging.Path, ReportPlots.LayerSparsityFile));
            figures.Add((ReportPlots.LayerSparsityFile, "Zeros per decoder layer, measured in the weights of each model that has zeros"));
        }
        var perplexity = ReportPlots.Choose(results);
        if (perplexity != PerplexityFigure.None)
        {
            ReportPlots.Perplexity(results, perplexity, Path.Combine(staging.Path, ReportPlots.PerplexityFile));
            figures.Add((ReportPlots.PerplexityFile, perplexity == PerplexityFigure.BarsPerSet
                ? "Perplexity of each set, one bar per model (the pruned models share one sparsity)"
                : "Perplexity of each set against the zeros in the decoder-layer linears; one line per set and method, starting at the dense model"));
        }
        if (ReportPlots.HasAccuracyCurve(results))
        {
            ReportPlots.AccuracyAgainstRatio(results, Path.Combine(staging.Path, ReportPlots.AccuracyFile));
            figures.Add((ReportPlots.AccuracyFile, "Task accuracy against the removal ratio, one line per task and selection, starting at the dense model; "
                + "error bars: binomial standard error (models of one selection at one ratio pooled)"));
        }
        File.WriteAllText(Path.Combine(staging.Path, ResultsJson), results.ToJson());
        File.WriteAllText(Path.Combine(staging.Path, ResultsMarkdown), MarkdownReport.Render(suite, results, figures));
        File.WriteAllText(Path.Combine(staging.Path, Html), HtmlReport.Render(suite, results, figures));
        staging.Commit();
    }
}
