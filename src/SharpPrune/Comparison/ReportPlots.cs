using ScottPlot;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>
/// The report's figures as PNG files: zeros per decoder layer of each pruned model, perplexity per set, as bars or
/// against sparsity (<see cref="PerplexityFigure"/>), and task accuracy against the removal ratio.
/// </summary>
internal static class ReportPlots
{
    public const string LayerSparsityFile = "layer-sparsity.png";
    public const string PerplexityFile = "perplexity.png";
    public const string AccuracyFile = "accuracy-ratio.png";
    const int Width = 1000, Height = 520;

    /// <summary>Measured sparsities closer than this (a tenth of a percent) count as one: methods hit a target that exactly.</summary>
    const double SameSparsity = 0.001;

    static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];

    static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Models with zeros in their decoder-layer linears; a dense model (or one whose units were deleted, not zeroed) has no bars to show.</summary>
    public static IReadOnlyList<ComparedModel> WithZeros(ComparisonResults results) =>
        results.Models.Where(m => m.Summary.LinearSparsity > 0).ToList();

    public static PerplexityFigure Choose(ComparisonResults results)
    {
        if (results.PerplexitySets.Count == 0) return PerplexityFigure.None;
        var pruned = results.Models.Where(m => m.Pruning != PruningInfo.Dense).Select(m => m.Summary.LinearSparsity).Order().ToList();
        return pruned.Count > 1 && pruned[^1] - pruned[0] > SameSparsity ? PerplexityFigure.CurveOverSparsity : PerplexityFigure.BarsPerSet;
    }

    /// <summary>
    /// Grouped bars, one group per layer and one bar per model with zeros: pruned variants often share a per-layer
    /// sparsity exactly (50 % everywhere), and lines would hide each other where bars stand side by side. Models without
    /// zeros are named in the title rather than drawn as empty bars.
    /// </summary>
    public static void LayerSparsity(ComparisonResults results, string path)
    {
        var plot = new Plot();
        var models = WithZeros(results);
        int layers = models.Max(m => m.Summary.LayerSparsity.Count), group = models.Count + 1;
        var legend = new List<LegendItem>();
        for (int i = 0; i < models.Count; i++)
        {
            var color = plot.Add.Palette.GetColor(i);
            var bars = models[i].Summary.LayerSparsity
                .Select((s, layer) => new Bar { Position = layer * group + i, Value = s * 100, FillColor = color, LineWidth = 0 })
                .ToList();
            plot.Add.Bars(bars);
            legend.Add(new LegendItem { LabelText = models[i].Name, FillColor = color });
        }
        var centers = Enumerable.Range(0, layers).Select(l => l * group + (models.Count - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(centers, Enumerable.Range(0, layers).Select(l => $"layer {l}").ToArray());
        plot.Axes.SetLimitsY(0, 105);
        var without = results.Models.Where(m => !models.Contains(m)).Select(m => m.Name).ToList();
        plot.Title("Zeros per decoder layer" + (without.Count > 0 ? $" (no zeros, not shown: {string.Join(", ", without)})" : ""));
        plot.YLabel("zeros in the layer's linears (%)");
        plot.Legend.ManualItems.AddRange(legend);
        plot.ShowLegend(Edge.Right);
        Style(plot);
        plot.SavePng(path, Width, Height);
    }

    public static void Perplexity(ComparisonResults results, PerplexityFigure kind, string path)
    {
        var plot = new Plot();
        var values = results.Models.SelectMany(m => results.PerplexitySets.Select(s => m.Perplexity[s].Perplexity)).ToList();
        // Logarithmic when the values span more than a factor of ten, as a domain the model never saw can sit far above the others.
        bool log = values.Max() / values.Min() > 10;
        Func<double, double> y = log ? Math.Log10 : v => v;
        if (kind == PerplexityFigure.BarsPerSet) Bars(plot, results, y);
        else Curve(plot, results, y);
        if (log)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => $"{Math.Pow(10, v):N0}",
            };
        }
        plot.YLabel(log ? "perplexity (log scale)" : "perplexity");
        // Beside the axes, not on them: bars and the dense model's points reach the corners a legend would cover.
        plot.ShowLegend(Edge.Right);
        Style(plot);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>One group per set, one bar per model (its colour in the legend), the perplexity written on the bar.</summary>
    static void Bars(Plot plot, ComparisonResults results, Func<double, double> y)
    {
        var models = results.Models;
        int group = models.Count + 1;
        for (int m = 0; m < models.Count; m++)
        {
            var color = plot.Add.Palette.GetColor(m);
            var bars = results.PerplexitySets.Select((set, s) => new Bar
            {
                Position = s * group + m,
                Value = y(models[m].Perplexity[set].Perplexity),
                FillColor = color,
                LineWidth = 0,
                Label = models[m].Perplexity[set].Perplexity.ToString("N1", System.Globalization.CultureInfo.InvariantCulture),
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.ValueLabelStyle.FontSize = 11;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = models[m].Name, FillColor = color });
        }
        var centers = results.PerplexitySets.Select((_, s) => s * group + (models.Count - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(centers, results.PerplexitySets.ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.12);
        var pruned = models.Where(m => m.Pruning != PruningInfo.Dense).ToList();
        plot.Title(pruned.Count == 0 ? "Perplexity per set"
            : $"Perplexity per set (pruned models at {pruned[0].Summary.LinearSparsity * 100:F1} % zeros)");
    }

    /// <summary>
    /// Per set (colour) and method (marker and line pattern), perplexity against measured sparsity; each dense model is
    /// the start of every method's line, so a line reads as "what pruning further costs".
    /// </summary>
    static void Curve(Plot plot, ComparisonResults results, Func<double, double> y)
    {
        var dense = results.Models.Where(m => m.Pruning == PruningInfo.Dense).ToList();
        var methods = results.Models.Where(m => m.Pruning != PruningInfo.Dense).GroupBy(m => m.Pruning.Method).ToList();
        for (int s = 0; s < results.PerplexitySets.Count; s++)
        {
            string set = results.PerplexitySets[s];
            var color = plot.Add.Palette.GetColor(s);
            for (int k = 0; k < methods.Count; k++)
            {
                var points = dense.Concat(methods[k]).OrderBy(m => m.Summary.LinearSparsity).ToList();
                var line = plot.Add.Scatter(points.Select(m => m.Summary.LinearSparsity * 100).ToArray(),
                    points.Select(m => y(m.Perplexity[set].Perplexity)).ToArray(), color);
                line.MarkerShape = Shapes[k % Shapes.Length];
                line.MarkerSize = 10;
                line.LineWidth = 2;
                line.LinePattern = Patterns[k % Patterns.Length];
                line.LegendText = $"{set} · {methods[k].Key}";
            }
        }
        var xs = results.Models.Select(m => m.Summary.LinearSparsity * 100).ToList();
        plot.Axes.SetLimitsX(xs.Min() - 3, xs.Max() + 3);
        plot.Title("Perplexity against sparsity");
        plot.XLabel("zeros in the decoder-layer linears (%)");
    }

    /// <summary>
    /// Accuracy against the removal ratio says something once the suite has a task and the pruned models sit at two or
    /// more ratios (recipe targets: the FFN share an attribution method removed, the sparsity of the others).
    /// </summary>
    public static bool HasAccuracyCurve(ComparisonResults results) =>
        results.Tasks.Count > 0 && results.Models.Select(m => m.Pruning.Sparsity).OfType<double>().Distinct().Count() > 1;

    /// <summary>
    /// Per task (colour) and selection (marker and line pattern), accuracy under the results' convention against the removal
    /// ratio (<see cref="AccuracyLines"/>), with error bars of one standard error.
    /// </summary>
    public static void AccuracyAgainstRatio(ComparisonResults results, string path)
    {
        var plot = new Plot();
        var lines = AccuracyLines(results);
        var selections = lines.Select(l => l.Selection).Distinct().ToList();
        foreach (var (task, selection, points) in lines)
        {
            var color = plot.Add.Palette.GetColor(results.Tasks.ToList().IndexOf(task));
            int k = selections.IndexOf(selection);
            double[] xs = [.. points.Select(p => p.X * 100)], ys = [.. points.Select(p => p.Accuracy * 100)];
            var line = plot.Add.Scatter(xs, ys, color);
            line.MarkerShape = Shapes[k % Shapes.Length];
            line.MarkerSize = 9;
            line.LineWidth = 2;
            line.LinePattern = Patterns[k % Patterns.Length];
            line.LegendText = $"{task} · {selection}";
            plot.Add.ErrorBar(xs, ys, [.. points.Select(p => p.Se * 100)]).LineColor = color;
        }
        var pruned = results.Models.Where(m => m.Pruning.Sparsity is not null).ToList();
        bool structured = pruned.All(m => m.Pruning.Method.StartsWith("attribution", StringComparison.Ordinal));
        var ratios = results.Models.Select(m => (m.Pruning.Sparsity ?? 0) * 100).ToList();
        plot.Axes.SetLimitsX(ratios.Min() - 3, ratios.Max() + 3);
        plot.Title($"Task accuracy against the removal ratio ({results.Score.Name()}, ± one s.e.)");
        plot.XLabel(structured ? "FFN neurons removed (%)" : "sparsity, the recipe's target (%)");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Edge.Right);
        Style(plot);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Per task and selection, (ratio, accuracy, standard error) ascending in ratio, each dense model at 0 starting every
    /// line. A task's lines leave out the models pruned for another task (that would draw the specialization, not the
    /// selection). Models of one selection at one ratio (random selection's seeds) are pooled: their mean accuracy, and the
    /// binomial standard error of all their answers √(p(1 − p)/(k·n)); a single model's is √(p(1 − p)/n). A selection
    /// with no pruned model scored on the task has no line.
    /// </summary>
    public static IReadOnlyList<(string Task, string Selection, IReadOnlyList<(double X, double Accuracy, double Se)> Points)> AccuracyLines(
        ComparisonResults results)
    {
        var dense = results.Models.Where(m => m.Pruning.Sparsity is null).ToList();
        var selections = results.Models.Except(dense).GroupBy(m => m.Pruning.Selection ?? m.Pruning.Method).ToList();
        var lines = new List<(string, string, IReadOnlyList<(double, double, double)>)>();
        foreach (string task in results.Tasks)
            foreach (var selection in selections)
            {
                var points = dense.Select(m => (X: 0.0, Model: m)).Concat(selection.Select(m => (X: m.Pruning.Sparsity!.Value, Model: m)))
                    .Where(p => p.Model.Tasks.ContainsKey(task) && (p.Model.Pruning.Task is null || p.Model.Pruning.Task == task))
                    .GroupBy(p => p.X).OrderBy(g => g.Key)
                    .Select(g => Pooled(g.Key, g.Select(p => p.Model.Tasks[task]).ToList(), results.Score)).ToList();
                if (points.Any(p => p.X > 0)) lines.Add((task, selection.Key, points));
            }
        return lines;
    }

    static (double X, double Accuracy, double Se) Pooled(double x, IReadOnlyList<ChoiceTaskScore> scores, ScoreConvention convention)
    {
        double accuracy = scores.Average(s => s.For(convention).Accuracy);
        int answers = scores.Sum(s => s.N);
        return (x, accuracy, Math.Sqrt(accuracy * (1 - accuracy) / answers));
    }

    static void Style(Plot plot)
    {
        // Skia without fontconfig falls back to a serif face; name the sans face the page uses (where it is installed).
        plot.Font.Set("DejaVu Sans");
        plot.Legend.FontName = "DejaVu Sans";
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Left.Label.FontSize = 15;
        plot.Axes.Bottom.Label.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
    }
}
