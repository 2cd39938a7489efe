namespace SharpPrune.Tasks;

/// <summary>What a multiple-choice task run reports: accuracy and macro-F1 over the <see cref="N"/> labeled examples, and how many prompts were cut.</summary>
public sealed record ChoiceTaskScore(double Accuracy, double MacroF1, int N, int Cut)
{
    public static ChoiceTaskScore Of(ChoiceTaskResult result)
    {
        var m = result.Metrics ?? throw new SharpPruneException($"task {result.Task}: no labeled examples, so there is nothing to score");
        return new ChoiceTaskScore(m.Accuracy, m.MacroF1, m.N, result.CutCount);
    }
}
