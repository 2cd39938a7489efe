using System.Text;

namespace SharpPrune.Tasks;

/// <summary>
/// An example with each candidate's log-likelihood after the prompt (<see cref="LogProbs"/>, the sum over its tokens)
/// and token count, from which every <see cref="ScoreConvention"/>'s scores follow. The prediction is the highest
/// score (the first on ties).
/// </summary>
public sealed record ScoredExample(TaskExample Example, IReadOnlyList<double> LogProbs, IReadOnlyList<int> TokenCounts, bool Cut)
{
    public IReadOnlyList<double> Scores(ScoreConvention convention) => convention switch
    {
        ScoreConvention.Acc => LogProbs,
        ScoreConvention.AccNorm => LogProbs.Select((l, i) => l / NormalizingBytes(Example.Candidates[i])).ToList(),
        ScoreConvention.AccPerToken => LogProbs.Select((l, i) => l / TokenCounts[i]).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(convention)),
    };

    public int Predicted(ScoreConvention convention)
    {
        var scores = Scores(convention);
        int best = 0;
        for (int i = 1; i < scores.Count; i++)
            if (scores[i] > scores[best]) best = i;
        return best;
    }

    /// <summary>
    /// The gold candidate's score minus the best wrong candidate's: positive when the example is answered right, and
    /// how far from flipping it is. Null for an unlabeled example or one with no wrong candidate.
    /// </summary>
    public double? GoldMargin(ScoreConvention convention)
    {
        if (Example.Gold is not { } gold || LogProbs.Count < 2) return null;
        var scores = Scores(convention);
        return scores[gold] - scores.Where((_, i) => i != gold).Max();
    }

    /// <summary>
    /// acc_norm's divisor: the candidate's UTF-8 bytes less one leading space (lm-evaluation-harness measures the
    /// choice without the delimiter it puts before it); at least 1, so a bare " " still divides.
    /// </summary>
    public static int NormalizingBytes(string candidate) =>
        Math.Max(1, Encoding.UTF8.GetByteCount(candidate.StartsWith(' ') ? candidate[1..] : candidate));
}
