namespace SharpPrune.Tasks;

/// <summary>The scored examples of a multiple-choice task and, over the labeled ones, its metrics.</summary>
public sealed record ChoiceTaskResult(string Task, IReadOnlyList<ScoredExample> Examples)
{
    /// <summary>Null when no example is labeled.</summary>
    public ClassificationMetrics? Metrics
    {
        get
        {
            var labeled = Examples.Where(e => e.Example.Gold is not null).Select(e => (e.Example.Gold!.Value, e.Predicted)).ToList();
            return labeled.Count == 0 ? null : ClassificationMetrics.Compute(labeled);
        }
    }

    /// <summary>How many prompts had their context cut to fit the model.</summary>
    public int CutCount => Examples.Count(e => e.Cut);
}
