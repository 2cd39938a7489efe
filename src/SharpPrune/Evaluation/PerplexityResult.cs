namespace SharpPrune.Evaluation;

/// <summary>Mean next-token negative log-likelihood over the scored tokens, and its exponential.</summary>
public sealed record PerplexityResult(double Nll, long TokensScored)
{
    public double Perplexity => Math.Exp(Nll);
}
