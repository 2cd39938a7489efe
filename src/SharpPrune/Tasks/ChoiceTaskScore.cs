namespace SharpPrune.Tasks;

/// <summary>
/// What a multiple-choice task run reports: its metrics under each <see cref="ScoreConvention"/> (acc, acc_norm,
/// acc_per_token), over the <see cref="N"/> labeled examples, and how many prompts were cut.
/// </summary>
public sealed record ChoiceTaskScore(ConventionScore Acc, ConventionScore AccNorm, ConventionScore AccPerToken, int N, int Cut)
{
    public ConventionScore For(ScoreConvention convention) => convention switch
    {
        ScoreConvention.Acc => Acc,
        ScoreConvention.AccNorm => AccNorm,
        ScoreConvention.AccPerToken => AccPerToken,
        _ => throw new ArgumentOutOfRangeException(nameof(convention)),
    };

    public static ChoiceTaskScore Of(ChoiceTaskResult result)
    {
        var acc = ConventionScore.Of(result, ScoreConvention.Acc);
        return new ChoiceTaskScore(acc, ConventionScore.Of(result, ScoreConvention.AccNorm), ConventionScore.Of(result, ScoreConvention.AccPerToken),
            result.Metrics(ScoreConvention.Acc)!.N, result.CutCount);
    }
}
