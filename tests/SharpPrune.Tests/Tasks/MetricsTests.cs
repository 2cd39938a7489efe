using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

public class MetricsTests
{
    [Fact]
    public void AccuracyAndMacroF1OfAHandMadeConfusion()
    {
        // gold 0 0 0 1 1 2 / predicted 0 0 1 1 2 0: F1 per class 2·2/(3+3), 2·1/(2+2), 0.
        var m = ClassificationMetrics.Compute([(0, 0), (0, 0), (0, 1), (1, 1), (1, 2), (2, 0)]);
        Assert.Equal(0.5, m.Accuracy, 1e-12);
        Assert.Equal((4.0 / 6 + 0.5 + 0) / 3, m.MacroF1, 1e-12);
        Assert.Equal(6, m.N);
    }

    [Fact]
    public void MacroF1AveragesOverGoldClassesOnly()
    {
        // Class 3 is only predicted: it lowers class 0's recall but is not averaged in itself.
        var m = ClassificationMetrics.Compute([(0, 0), (0, 3)]);
        Assert.Equal(0.5, m.Accuracy, 1e-12);
        Assert.Equal(2.0 / 3, m.MacroF1, 1e-12);
    }

    [Fact]
    public void UnlabeledExamplesAreLeftOutOfTheMetrics()
    {
        TaskExample Example(int? gold) => new("x", "", "q", [" a", " b"], gold);
        var result = new ChoiceTaskResult("t", [new(Example(0), [0.0, -1.0], [1, 1], false), new(Example(null), [-1.0, 0.0], [1, 1], false)]);
        Assert.Equal(1, result.Metrics(ScoreConvention.Acc)!.N);
        Assert.Equal(1.0, result.Metrics(ScoreConvention.Acc)!.Accuracy);
        Assert.Null(new ChoiceTaskResult("t", [new(Example(null), [0.0, -1.0], [1, 1], false)]).Metrics(ScoreConvention.Acc));
    }

    [Fact]
    public void GoldMarginIsGoldMinusBestWrongAveragedOverLabeledExamples()
    {
        TaskExample Example(int? gold, int candidates) => new("x", "", "q", [.. Enumerable.Repeat(" c", candidates)], gold);
        var result = new ChoiceTaskResult("t",
        [
            new(Example(0, 3), [0.0, -1.0, -3.0], [1, 1, 1], false),   // right by 1.0 (the best wrong one, not the worst)
            new(Example(1, 2), [-0.5, -2.0], [1, 1], false),            // wrong by 1.5
            new(Example(null, 2), [0.0, -9.0], [1, 1], false),          // unlabeled: no margin
        ]);

        Assert.Equal(1.0, result.Examples[0].GoldMargin(ScoreConvention.Acc)!.Value, 1e-12);
        Assert.Null(result.Examples[2].GoldMargin(ScoreConvention.Acc));
        var (mean, standardError) = result.GoldMargin(ScoreConvention.Acc)!.Value;
        Assert.Equal(-0.25, mean, 1e-12);
        // Sample standard deviation of {1, −1.5} is 1.25·√2; over √2 examples: 1.25.
        Assert.Equal(1.25, standardError, 1e-12);
        var score = ChoiceTaskScore.Of(result);
        Assert.Equal((-0.25, 1.25), (score.Acc.GoldMargin!.Value, score.Acc.GoldMarginSe!.Value));
    }
}
