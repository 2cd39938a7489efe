using SharpPrune.Comparison;
using SharpPrune.Evaluation;
using SharpPrune.Models;
using SharpPrune.Tasks;

namespace SharpPrune.Tests.Comparison;

/// <summary>The report marks a value best only beyond the standard errors, shows what chance scores, and picks its perplexity figure from the data.</summary>
public sealed class ReportHighlightTests
{
    static Measurement M(double value, double? se) => new(value, se);

    [Fact]
    public void BestBeatsEveryOtherBeyondTheStandardErrorOfTheDifference()
    {
        // 0.62 − 0.50 = 0.12 > √(0.034² + 0.035²) = 0.049, and 0.62 − 0.50 (floor) > 0.034.
        Assert.Equal(0, BestValue.Of([M(0.62, 0.034), M(0.50, 0.035)], better: 1, floor: 0.5));
        // 0.62 − 0.60 = 0.02 is within noise.
        Assert.Null(BestValue.Of([M(0.62, 0.034), M(0.60, 0.035)], better: 1));
        // Lower is better: NLL 4.00 beats 4.05 and 4.10 by more than √2 · 0.01.
        Assert.Equal(0, BestValue.Of([M(4.0, 0.01), M(4.1, 0.01), M(4.05, 0.01)], better: -1));
        Assert.Null(BestValue.Of([M(4.0, 0.05), M(4.03, 0.05)], better: -1));
        // A model without a value is left out; the rest still compare.
        Assert.Equal(2, BestValue.Of([null, M(1, 0.1), M(2, 0.1)], better: 1));
        // Ties, a single model, and a value without its standard error never stand out.
        Assert.Null(BestValue.Of([M(1, 0), M(1, 0)], better: 1));
        Assert.Null(BestValue.Of([M(1, 0.1)], better: 1));
        Assert.Null(BestValue.Of([M(0.9, null), M(0.1, 0.01)], better: 1));
    }

    [Fact]
    public void AnAccuracyNotAboveChanceIsNeverBest()
    {
        // The PubMedQA case: 30 % against 17–26 % on 200 examples, where always answering "yes" scores 55 %.
        double Se(double p) => ChanceLevel.AccuracyStandardError(p, 200);
        Assert.Null(BestValue.Of([M(0.30, Se(0.30)), M(0.17, Se(0.17)), M(0.26, Se(0.26))], better: 1, floor: 0.55));
        // CaseHOLD: 9.5 % against 8.5 % with five candidates (chance 20 %).
        Assert.Null(BestValue.Of([M(0.095, Se(0.095)), M(0.085, Se(0.085))], better: 1, floor: 0.2));
        // Far above chance and the others: best.
        Assert.Equal(1, BestValue.Of([M(0.30, Se(0.30)), M(0.75, Se(0.75))], better: 1, floor: 0.55));
    }

    [Fact]
    public void TableShowsChanceMarginsAndPromptsCutAndHighlightsOnlyRealWins()
    {
        var results = Results(
            Model("dense", PruningInfo.Dense, 0, nll: 4.00, accuracy: 0.80, cut: 93),
            Model("wanda-50", new PruningInfo("wanda", "unstructured", 0.5), 0.5, nll: 4.50, accuracy: 0.78, cut: 93),
            Model("magnitude-50", new PruningInfo("magnitude", "unstructured", 0.5), 0.5, nll: 4.51, accuracy: 0.40, cut: 94));
        var table = ComparisonTable.Of(results);
        ComparisonColumn Column(string title) => table.Columns.Single(c => c.Title.StartsWith(title, StringComparison.Ordinal));
        // Dense beats both by 0.5 nats at s.e. 0.01: best. 4.50 and 4.51 would tie for nothing.
        Assert.Equal([true, false, false], Column("ppl general").Best);
        Assert.Equal(["54.60", "90.02", "90.92"], Column("ppl general").Cells);
        // 80 % and 78 % (s.e. 4 %) are within noise: no accuracy is best, though both are far above 40 %.
        var accuracy = Column("pubmedqa acc");
        Assert.Equal([false, false, false], accuracy.Best);
        Assert.Equal("80.0 ± 4.0%", accuracy.Cells[0]);
        Assert.Equal("pubmedqa ↑ · chance 33.3%, majority 55.0% ('yes')", accuracy.Group);
        Assert.Equal([false, false, false], Column("pubmedqa F1").Best);
        Assert.Equal("0.500 ± 0.100", Column("pubmedqa gold margin").Cells[0]);
        Assert.Equal(["93 of 100", "93 of 100", "94 of 100"], Column("pubmedqa prompts cut").Cells);
    }

    [Fact]
    public void NoPromptsCutColumnWhereNoPromptWasCut()
    {
        var results = Results(Model("a", PruningInfo.Dense, 0, 4, 0.5, cut: 0), Model("b", PruningInfo.Dense, 0, 4, 0.5, cut: 0));
        Assert.DoesNotContain(ComparisonTable.Of(results).Columns, c => c.Header == "prompts cut");
    }

    [Fact]
    public void PerplexityFigureIsBarsWhenThePrunedModelsShareASparsityAndACurveWhenTheyVary()
    {
        var dense = Model("dense", PruningInfo.Dense, 0, 4, 0.5, 0);
        ComparedModel Pruned(string method, double sparsity) => Model($"{method}-{sparsity}", new PruningInfo(method, "unstructured", sparsity), sparsity, 5, 0.5, 0);
        Assert.Equal(PerplexityFigure.BarsPerSet, ReportPlots.Choose(Results(dense, Pruned("wanda", 0.5), Pruned("sparsegpt", 0.5), Pruned("magnitude", 0.5004))));
        Assert.Equal(PerplexityFigure.BarsPerSet, ReportPlots.Choose(Results(dense, Pruned("wanda", 0.5))));
        Assert.Equal(PerplexityFigure.BarsPerSet, ReportPlots.Choose(Results(dense, dense with { Name = "dense2" })));
        Assert.Equal(PerplexityFigure.CurveOverSparsity, ReportPlots.Choose(Results(dense, Pruned("wanda", 0.3), Pruned("wanda", 0.5))));
        Assert.Equal(PerplexityFigure.CurveOverSparsity, ReportPlots.Choose(Results(Pruned("wanda", 0.5), Pruned("magnitude", 0.6))));
        Assert.Equal(PerplexityFigure.None, ReportPlots.Choose(Results(dense, Pruned("wanda", 0.5)) with { PerplexitySets = [] }));
    }

    [Fact]
    public void BothPerplexityFiguresAndTheLayerFigureWithoutTheDenseModelRender()
    {
        var dense = Model("dense", PruningInfo.Dense, 0, 4, 0.5, 0);
        ComparedModel Pruned(string method, double sparsity, double nll) =>
            Model($"{method}-{sparsity}", new PruningInfo(method, "unstructured", sparsity), sparsity, nll, 0.5, 0);
        var curve = Results(dense, Pruned("wanda", 0.3, 4.2), Pruned("wanda", 0.5, 4.6), Pruned("magnitude", 0.5, 6));
        Assert.Equal(["wanda-0.3", "wanda-0.5", "magnitude-0.5"], ReportPlots.WithZeros(curve).Select(m => m.Name));
        string dir = Directory.CreateTempSubdirectory("sharpprune-plots-").FullName;
        try
        {
            byte[] magic = [0x89, 0x50, 0x4E, 0x47];
            foreach (var (kind, file) in new[] { (PerplexityFigure.CurveOverSparsity, "curve.png"), (PerplexityFigure.BarsPerSet, "bars.png") })
            {
                ReportPlots.Perplexity(curve, kind, Path.Combine(dir, file));
                Assert.Equal(magic, File.ReadAllBytes(Path.Combine(dir, file))[..4]);
            }
            ReportPlots.LayerSparsity(curve, Path.Combine(dir, "layers.png"));
            Assert.Equal(magic, File.ReadAllBytes(Path.Combine(dir, "layers.png"))[..4]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>100 PubMedQA-like examples: three candidates, 55 of them "yes".</summary>
    static ComparisonResults Results(params ComparedModel[] models) =>
        new("suite.json", ["general"], ["pubmedqa"], models, models.Length * 2, 0,
            new Dictionary<string, ComparedTask> { ["pubmedqa"] = new(100, new ChanceLevel(1.0 / 3, 0.55, "yes")) });

    static ComparedModel Model(string name, PruningInfo pruning, double sparsity, double nll, double accuracy, int cut)
    {
        var summary = new ModelSummary("llama", 2, 8, [2, 2], [2, 2], [16, 16], 32, 1000, (long)(1000 * (1 - sparsity)), "F32", sparsity,
            [sparsity, sparsity], []);
        return new ComparedModel(name, $"/models/{name}", name, pruning, 4000, summary,
            new Dictionary<string, PerplexityResult> { ["general"] = new(nll, 10_000, 0.01) },
            new Dictionary<string, ChoiceTaskScore> { ["pubmedqa"] = Score(accuracy, cut) });
    }

    /// <summary>The same metrics under every convention: the table shows the results' (acc by default).</summary>
    static ChoiceTaskScore Score(double accuracy, int cut)
    {
        var metrics = new ConventionScore(accuracy, 0.4, 0.5, 0.1);
        return new ChoiceTaskScore(metrics, metrics, metrics, 100, cut);
    }
}
