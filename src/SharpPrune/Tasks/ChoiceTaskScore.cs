namespace SharpPrune.Tasks;

/// <summary>
/// What a multiple-choice task run reports: accuracy and macro-F1 over the <see cref="N"/> labeled examples, the mean
/// gold-minus-best-wrong margin with its standard error (see <see cref="ChoiceTaskResult.GoldMargin"/>), and how many
/// prompts were cut. The margin is null in scores cached before it was measured.
/// </summary>
public sealed record ChoiceTaskScore(double Accuracy, double MacroF1, int N, int Cut, double? GoldMargin, double? GoldMarginSe)
{
    public static ChoiceTaskScore Of(ChoiceTaskResult result)
    {
        var m = result.Metrics ?? throw new SharpPruneException($"task {result.Task}: no labeled examples, so there is nothing to score");
        var margin = result.GoldMargin;
        return new ChoiceTaskScore(m.Accuracy, m.MacroF1, m.N, result.CutCount, margin?.Mean, margin?.StandardError);
    }
}
