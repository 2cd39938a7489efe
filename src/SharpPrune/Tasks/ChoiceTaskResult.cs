namespace SharpPrune.Tasks;

/// <summary>The scored examples of a multiple-choice task and, over the labeled ones, its metrics under each <see cref="ScoreConvention"/>.</summary>
public sealed record ChoiceTaskResult(string Task, IReadOnlyList<ScoredExample> Examples)
{
    /// <summary>Null when no example is labeled.</summary>
    public ClassificationMetrics? Metrics(ScoreConvention convention)
    {
        var labeled = Examples.Where(e => e.Example.Gold is not null).Select(e => (e.Example.Gold!.Value, e.Predicted(convention))).ToList();
        return labeled.Count == 0 ? null : ClassificationMetrics.Compute(labeled);
    }

    /// <summary>
    /// The mean <see cref="ScoredExample.GoldMargin"/> and its standard error: a continuous score that ranks models
    /// whose accuracy barely moves (every example counts by how sure it is, not only whether it flipped). Null when
    /// no example has a margin.
    /// </summary>
    public (double Mean, double StandardError)? GoldMargin(ScoreConvention convention)
    {
        var margins = Examples.Select(e => e.GoldMargin(convention)).OfType<double>().ToList();
        if (margins.Count == 0) return null;
        double mean = margins.Average();
        double variance = margins.Count > 1 ? margins.Sum(m => (m - mean) * (m - mean)) / (margins.Count - 1) : 0;
        return (mean, Math.Sqrt(variance / margins.Count));
    }

    /// <summary>How many prompts had their context cut to fit the model.</summary>
    public int CutCount => Examples.Count(e => e.Cut);
}
