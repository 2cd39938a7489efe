using SharpPrune.Comparison;
using SharpPrune.Evaluation;
using SharpPrune.Models;
using SharpPrune.Tasks;

namespace SharpPrune.Tests.Comparison;

/// <summary>
/// The report's accuracy-against-ratio figure: drawn once pruned models sit at two or more ratios, one line per task and
/// selection from the dense model, random seeds pooled with the binomial standard error of all their answers, models
/// pruned for another task left out of a task's line.
/// </summary>
public sealed class AccuracyFigureTests
{
    [Fact]
    public void LinesStartAtTheDenseModelPoolSeedsAndKeepToTheTaskPrunedFor()
    {
        var results = Results(
            Model("dense", PruningInfo.Dense, sst2: 0.80, agNews: 0.70),
            Model("attr-sst2-50", Attribution("attribution", 0.5, "sst2"), sst2: 0.78, agNews: 0.50),
            Model("attr-sst2-90", Attribution("attribution", 0.9, "sst2"), sst2: 0.60, agNews: 0.30),
            Model("rand1-sst2-90", Attribution("attribution-random", 0.9, "sst2"), sst2: 0.60, agNews: 0.25),
            Model("rand2-sst2-90", Attribution("attribution-random", 0.9, "sst2"), sst2: 0.70, agNews: 0.25),
            Model("attr-ag-50", Attribution("attribution", 0.5, "ag_news"), sst2: 0.55, agNews: 0.68));
        Assert.True(ReportPlots.HasAccuracyCurve(results));
        var lines = ReportPlots.AccuracyLines(results);

        // sst2's attribution line: dense, then the two sst2-pruned models; the ag_news-pruned one is not on it.
        var sst2 = lines.Single(l => l.Task == "sst2" && l.Selection == "attribution").Points;
        Assert.Equal([0.0, 0.5, 0.9], sst2.Select(p => p.X));
        Assert.Equal([0.80, 0.78, 0.60], sst2.Select(p => p.Accuracy));
        Assert.Equal(Math.Sqrt(0.78 * 0.22 / 200), sst2[1].Se, 12);

        // Two random seeds at 90 %: mean (0.60 + 0.70) / 2 = 0.65 over 2 × 200 answers, √(0.65 · 0.35 / 400) = 0.023848.
        var random = lines.Single(l => l.Task == "sst2" && l.Selection == "attribution-random").Points;
        Assert.Equal([0.0, 0.9], random.Select(p => p.X));
        Assert.Equal(0.65, random[1].Accuracy, 12);
        Assert.Equal(0.0238485, random[1].Se, 6);

        // ag_news: only the model pruned for it; random (pruned for sst2 only) has no ag_news line.
        var agNews = Assert.Single(lines, l => l.Task == "ag_news");
        Assert.Equal("attribution", agNews.Selection);
        Assert.Equal([(0.0, 0.70), (0.5, 0.68)], agNews.Points.Select(p => (p.X, p.Accuracy)));

        string dir = Directory.CreateTempSubdirectory("sharpprune-accuracy-").FullName;
        try
        {
            string png = Path.Combine(dir, ReportPlots.AccuracyFile);
            ReportPlots.AccuracyAgainstRatio(results, png);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void NoFigureWithoutTwoRatiosOrWithoutATask()
    {
        var dense = Model("dense", PruningInfo.Dense, 0.8, 0.7);
        var half = Model("a", Attribution("attribution", 0.5, "sst2"), 0.7, 0.6);
        Assert.False(ReportPlots.HasAccuracyCurve(Results(dense, half, half with { Name = "b" })));
        var two = Results(dense, half, Model("c", Attribution("attribution", 0.9, "sst2"), 0.6, 0.5));
        Assert.True(ReportPlots.HasAccuracyCurve(two));
        Assert.False(ReportPlots.HasAccuracyCurve(two with { Tasks = [] }));
    }

    [Fact]
    public void SelectionAndTaskAreReadFromTheAttributionDetails()
    {
        string dir = Directory.CreateTempSubdirectory("sharpprune-pruninginfo-").FullName;
        try
        {
            // The keys AttributionManifest.Details writes (see NluAttributionEndToEndTests for a real run's).
            File.WriteAllText(Path.Combine(dir, "pruning.json"), """
                {"method": "attribution", "pattern": {"kind": "unstructured", "sparsity": 0.9, "scope": "matrix"},
                 "attribution": {"task": "sst2", "units": "ffn_neurons+attention_heads", "heads_ratio": 0.25,
                   "attribution": "integrated_gradients(m=4, zero baseline)", "target": "model_prediction", "low_resource": 8}}
                """);
            var info = PruningInfo.Read(dir);
            Assert.Equal(new PruningInfo("attribution", "unstructured", 0.9, "attribution (IG m=4) K=8 unsupervised + heads 25%", "sst2"), info);

            File.WriteAllText(Path.Combine(dir, "pruning.json"), """
                {"method": "dpruner", "pattern": {"kind": "unstructured", "sparsity": 0.5, "scope": "matrix"}, "dpruner": {"alpha": 0.5}}
                """);
            // Other methods' details leave both unset: the method names the line.
            Assert.Equal(new PruningInfo("dpruner", "unstructured", 0.5), PruningInfo.Read(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static PruningInfo Attribution(string method, double ratio, string task) => new(method, "unstructured", ratio, method, task);

    /// <summary>200 examples of each task.</summary>
    static ComparisonResults Results(params ComparedModel[] models) =>
        new("suite.json", [], ["sst2", "ag_news"], models, models.Length * 2, 0,
            new Dictionary<string, ComparedTask> { ["sst2"] = new(200, null), ["ag_news"] = new(200, null) });

    static ComparedModel Model(string name, PruningInfo pruning, double sst2, double agNews)
    {
        var summary = new ModelSummary("llama", 2, 8, [2, 2], [2, 2], [16, 16], 32, 1000, 1000, "F32", 0, [0, 0], []);
        return new ComparedModel(name, $"/models/{name}", name, pruning, 4000, summary, new Dictionary<string, PerplexityResult>(),
            new Dictionary<string, ChoiceTaskScore> { ["sst2"] = Score(sst2), ["ag_news"] = Score(agNews) });
    }

    static ChoiceTaskScore Score(double accuracy)
    {
        var metrics = new ConventionScore(accuracy, 0.5, 0.1, 0.05);
        return new ChoiceTaskScore(metrics, metrics, metrics, 200, 0);
    }
}
