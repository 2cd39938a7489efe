namespace SharpPrune.Generation;

/// <summary>How the next token is chosen. Temperature 0 means greedy (argmax), and then TopP and Seed do not matter.</summary>
public sealed record SamplingOptions(int MaxNewTokens = 256, double Temperature = 0, double TopP = 1, long Seed = 0)
{
    public void Validate()
    {
        if (MaxNewTokens < 0) throw new SharpPruneException("--max-new-tokens must be ≥ 0");
        if (Temperature < 0 || double.IsNaN(Temperature)) throw new SharpPruneException("--temperature must be ≥ 0");
        if (!(TopP > 0 && TopP <= 1)) throw new SharpPruneException("--top-p must be in (0, 1]");
    }
}
