namespace SharpPrune.Tasks;

/// <summary>
/// A multiple-choice task's metrics under one <see cref="ScoreConvention"/>: accuracy and macro-F1 over the labeled
/// examples, and the mean gold-minus-best-wrong margin with its standard error (see
/// <see cref="ChoiceTaskResult.GoldMargin"/>), in that convention's units.
/// </summary>
public sealed record ConventionScore(double Accuracy, double MacroF1, double? GoldMargin, double? GoldMarginSe)
{
    public static ConventionScore Of(ChoiceTaskResult result, ScoreConvention convention)
    {
        var m = result.Metrics(convention) ?? throw new SharpPruneException($"task {result.Task}: no labeled examples, so there is nothing to score");
        var margin = result.GoldMargin(convention);
        return new ConventionScore(m.Accuracy, m.MacroF1, margin?.Mean, margin?.StandardError);
    }
}
