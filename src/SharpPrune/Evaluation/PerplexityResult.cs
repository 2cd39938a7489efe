namespace SharpPrune.Evaluation;

/// <summary>Mean next-token negative log-likelihood over the scored tokens, and its exponential.</summary>
/// <param name="NllStandardError">
/// The standard error of <see cref="Nll"/> over the scored tokens, √(variance / tokens). Neighbouring tokens are not
/// independent, so it understates the noise somewhat; it tells a difference of a few tokens' worth from a real one.
/// Null where it was not measured (results stored before it was).
/// </param>
public sealed record PerplexityResult(double Nll, long TokensScored, double? NllStandardError = null)
{
    public double Perplexity => Math.Exp(Nll);
}
