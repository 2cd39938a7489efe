namespace SharpPrune.Tasks;

/// <summary>An example with each candidate's mean log-probability per token; the prediction is the highest (first on ties).</summary>
public sealed record ScoredExample(TaskExample Example, IReadOnlyList<double> MeanLogProbs, bool Cut)
{
    public int Predicted
    {
        get
        {
            int best = 0;
            for (int i = 1; i < MeanLogProbs.Count; i++)
                if (MeanLogProbs[i] > MeanLogProbs[best]) best = i;
            return best;
        }
    }

    /// <summary>
    /// The gold candidate's score minus the best wrong candidate's: positive when the example is answered right, and
    /// how far from flipping it is. Null for an unlabeled example or one with no wrong candidate.
    /// </summary>
    public double? GoldMargin =>
        Example.Gold is { } gold && MeanLogProbs.Count > 1
            ? MeanLogProbs[gold] - MeanLogProbs.Where((_, i) => i != gold).Max()
            : null;
}
