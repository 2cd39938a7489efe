namespace SharpPrune.Tasks;

/// <summary>
/// How a candidate's log-likelihood after the prompt is turned into the score the prediction maximizes. With
/// L = the sum of the log-probabilities of the candidate's tokens:
/// <list type="bullet">
/// <item><see cref="Acc"/> ("acc"): L itself, lm-evaluation-harness's acc, which the pruning papers report.</item>
/// <item><see cref="AccNorm"/> ("acc_norm"): L divided by the candidate's length in UTF-8 bytes, not counting the one
/// leading space that lm-evaluation-harness writes as its target delimiter (candidates here carry that space
/// themselves): lm-evaluation-harness's acc_norm.</item>
/// <item><see cref="AccPerToken"/> ("acc_per_token"): L divided by the candidate's token count, the mean
/// log-probability per token.</item>
/// </list>
/// </summary>
public enum ScoreConvention
{
    Acc,
    AccNorm,
    AccPerToken,
}

/// <summary>The conventions' names as reports and options write them.</summary>
public static class ScoreConventions
{
    public static IReadOnlyList<ScoreConvention> All { get; } = Enum.GetValues<ScoreConvention>();

    public static string Name(this ScoreConvention convention) => convention switch
    {
        ScoreConvention.Acc => "acc",
        ScoreConvention.AccNorm => "acc_norm",
        ScoreConvention.AccPerToken => "acc_per_token",
        _ => throw new ArgumentOutOfRangeException(nameof(convention)),
    };

    /// <param name="option">The option or key the name came from, for the error.</param>
    public static ScoreConvention Parse(string name, string option)
    {
        foreach (var convention in All)
            if (convention.Name() == name) return convention;
        throw new SharpPruneException($"{option} {name}: not one of {string.Join(", ", All.Select(Name))}");
    }
}
