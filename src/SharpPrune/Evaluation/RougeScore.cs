namespace SharpPrune.Evaluation;

/// <summary>ROUGE-1, ROUGE-2 and ROUGE-L F-measures, each in [0, 1].</summary>
public sealed record RougeScore(double Rouge1, double Rouge2, double RougeL)
{
    /// <summary>The per-field mean, as corpus ROUGE is reported (the mean of per-summary F-measures).</summary>
    public static RougeScore Mean(IReadOnlyCollection<RougeScore> scores) =>
        new(scores.Average(s => s.Rouge1), scores.Average(s => s.Rouge2), scores.Average(s => s.RougeL));
}
