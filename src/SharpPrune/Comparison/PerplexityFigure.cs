namespace SharpPrune.Comparison;

/// <summary>
/// The perplexity figure a comparison gets, chosen from its data: a curve against sparsity only says something when
/// the pruned models sit at different sparsities; when they share one (three methods at 50 %), the points pile up at
/// one x and bars per set compare them instead.
/// </summary>
public enum PerplexityFigure
{
    /// <summary>No perplexity set in the suite.</summary>
    None,

    /// <summary>One group of bars per perplexity set, one bar per model.</summary>
    BarsPerSet,

    /// <summary>Perplexity against the measured sparsity, one line per method and set, the dense model at its start.</summary>
    CurveOverSparsity,
}
