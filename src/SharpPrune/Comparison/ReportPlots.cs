using ScottPlot;

namespace SharpPrune.Comparison;

/// <summary>The report's figures as PNG files: zeros per decoder layer of each model, and perplexity against sparsity.</summary>
internal static class ReportPlots
{
    public const string LayerSparsityFile = "layer-sparsity.png";
    public const string PerplexityFile = "perplexity-vs-sparsity.png";
    const int Width = 1000, Height = 520;

    static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];

    /// <summary>
    /// Grouped bars, one group per layer and one bar per model: pruned variants often share a per-layer sparsity
    /// exactly (50 % everywhere), and lines would hide each other where bars stand side by side.
    /// </summary>
    public static void LayerSparsity(ComparisonResults results, string path)
    {
        var plot = new Plot();
        var models = results.Models;
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
        plot.Title("Zeros per decoder layer (all linears of the layer)");
        plot.YLabel("zeros (%)");
        plot.ShowLegend(legend, Alignment.UpperRight);
        Style(plot);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// One colour per perplexity set, one marker shape per model, at the model's measured sparsity of its prunable
    /// matrices. The y axis is logarithmic when the values span more than a factor of ten, as a domain the model
    /// never saw can sit far above the others.
    /// </summary>
    public static void PerplexityVsSparsity(ComparisonResults results, string path)
    {
        var plot = new Plot();
        var models = results.Models;
        var values = models.SelectMany(m => results.PerplexitySets.Select(s => m.Perplexity[s].Perplexity)).ToList();
        bool log = values.Max() / values.Min() > 10;
        var legend = new List<LegendItem>();
        for (int s = 0; s < results.PerplexitySets.Count; s++)
        {
            string set = results.PerplexitySets[s];
            var color = plot.Add.Palette.GetColor(s);
            for (int m = 0; m < models.Count; m++)
            {
                double y = models[m].Perplexity[set].Perplexity;
                var marker = plot.Add.Marker(models[m].Summary.LinearSparsity * 100, log ? Math.Log10(y) : y, Shapes[m % Shapes.Length], 11, color);
                marker.LineWidth = 2;
            }
            legend.Add(new LegendItem { LabelText = $"ppl {set}", FillColor = color, MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = color, MarkerLineColor = color, MarkerSize = 10 });
        }
        var gray = Colors.Gray;
        for (int m = 0; m < models.Count; m++)
            legend.Add(new LegendItem { LabelText = models[m].Name, MarkerShape = Shapes[m % Shapes.Length], MarkerFillColor = gray, MarkerLineColor = gray, MarkerSize = 10, MarkerLineWidth = 2 });
        if (log)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => $"{Math.Pow(10, y):N0}",
            };
        }
        // The whole sparsity range, as in the layer figure, so distances along x mean the same in every report.
        plot.Axes.SetLimitsX(-5, 105);
        plot.Title("Perplexity against sparsity");
        plot.XLabel("zeros in the decoder-layer linears (%)");
        plot.YLabel(log ? "perplexity (log scale)" : "perplexity");
        // Beside the axes, not on them: the dense model's points sit at the left edge where a corner legend would hide them.
        plot.Legend.ManualItems.AddRange(legend);
        plot.ShowLegend(Edge.Right);
        Style(plot);
        plot.SavePng(path, Width, Height);
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
