namespace SharpPrune.Pruning.DPruner;

/// <summary>How the general importance G enters D-Pruner's mask (docs/dpruner-dual-score.md).</summary>
public enum DualForm
{
    /// <summary>
    /// Scale-free: the final importance is (1 − α)·rank(S) + α·rank(G), each ranked within its matrix, so α is the share
    /// of the mask decided by general ability whatever the scales of S and G. Stage 2 trains without the regularizer.
    /// </summary>
    Rank,
    /// <summary>As published: G acts only through the regularizer λ·2·lr²·G·g²/1000 on stage 2's gradient; the final importance is S.</summary>
    Released,
}
