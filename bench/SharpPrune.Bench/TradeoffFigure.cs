using System.Globalization;
using ScottPlot;

namespace SharpPrune.Bench;

/// <summary>
/// D-Pruner's general/domain trade-off as the rank form's α goes from 0 (domain score alone) to 1 (G alone), with the
/// baselines as points, from the tab-separated results the bench runs write (name, Brown, C4, medical, legal ppl):
///   tradeoff-figure RESULTS.tsv DOMAIN OUT.png [GENERAL]
/// DOMAIN: medical | legal; rows dp-DOMAIN-aALPHA form the curve, dp-DOMAIN-rSOURCE are the reconstructions and
/// c4g-DOMAIN-aALPHA the masks whose G came from C4. GENERAL: brown (default) | c4, the held-out set on the y axis.
/// </summary>
public static class TradeoffFigure
{
    public static void Run(string[] args)
    {
        string domain = args[1];
        int column = domain == "medical" ? 3 : 4;
        string general = args.Length > 3 ? args[3] : "brown";
        int generalColumn = general == "c4" ? 2 : 1;
        string generalLabel = general == "c4" ? "C4" : "Brown";
        // A later row of the same name replaces an earlier one; "-" marks a set not measured for that row.
        var rows = new Dictionary<string, (double Brown, double Domain)>();
        foreach (var r in File.ReadLines(args[0]).Select(l => l.Split('\t')).Where(r => r.Length >= 5 && r[generalColumn] != "-" && r[column] != "-"))
            rows[r[0]] = (Parse(r[generalColumn]), Parse(r[column]));
        var curve = rows.Where(r => r.Key.StartsWith($"dp-{domain}-a", StringComparison.Ordinal))
            .Select(r => (Alpha: Parse(r.Key[$"dp-{domain}-a".Length..]), r.Value.Brown, r.Value.Domain)).OrderBy(p => p.Alpha).ToList();
        var plot = new Plot();
        var line = plot.Add.ScatterLine(curve.Select(p => p.Domain).ToArray(), curve.Select(p => p.Brown).ToArray());
        line.LegendText = "D-Pruner, rank form, α = 0 … 1";
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.MarkerShape = MarkerShape.FilledCircle;
        foreach (var p in curve)
        {
            var label = plot.Add.Text($"α={p.Alpha.ToString(CultureInfo.InvariantCulture)}", p.Domain, p.Brown);
            label.LabelFontSize = 12;
            label.LabelFontName = "DejaVu Sans";
            label.OffsetX = 6;
        }
        var points = new (string Row, string Label, MarkerShape Shape)[]
        {
            ("dense", "dense", MarkerShape.OpenDiamond),
            ("sparsegpt-brown", "SparseGPT (Brown)", MarkerShape.FilledSquare),
            ("sparsegpt-c4", "SparseGPT (C4)", MarkerShape.OpenSquare),
            ("wanda-brown", "Wanda (Brown)", MarkerShape.FilledTriangleUp),
            ("wanda-c4", "Wanda (C4)", MarkerShape.OpenTriangleUp),
        }.Concat(rows.Keys.Where(k => k.StartsWith($"dp-{domain}-r", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => (k, $"D-Pruner --reconstruct {k[$"dp-{domain}-r".Length..]}", MarkerShape.FilledDiamond)))
        .Concat(rows.Keys.Where(k => k.StartsWith($"c4g-{domain}-a", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => (k, $"D-Pruner α = {k[$"c4g-{domain}-a".Length..]}, G from C4", MarkerShape.OpenCircle)));
        int color = 1;
        foreach (var (row, label, shape) in points)
        {
            if (!rows.TryGetValue(row, out var v)) continue;
            var marker = plot.Add.Marker(v.Domain, v.Brown, shape, 12, plot.Add.Palette.GetColor(color++));
            marker.LegendText = label;
            marker.LineWidth = 2;
        }
        plot.Title($"D-Pruner trade-off on the testbed, {domain}, 50 % unstructured");
        plot.XLabel($"{domain} held-out perplexity (lower: better for the domain)");
        plot.YLabel($"{generalLabel} held-out perplexity (lower: better general)");
        plot.ShowLegend(Edge.Right);
        plot.Font.Set("DejaVu Sans");
        plot.Legend.FontName = "DejaVu Sans";
        plot.SavePng(args[2], 1100, 600);
    }

    static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
