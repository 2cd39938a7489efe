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
}
