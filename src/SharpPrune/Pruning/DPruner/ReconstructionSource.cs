namespace SharpPrune.Pruning.DPruner;

/// <summary>Whose text the Hessian of D-Pruner's reconstruction comes from.</summary>
public enum ReconstructionSource
{
    /// <summary>The general calibration windows (those stage 1 uses).</summary>
    General,
    /// <summary>The domain windows stage 2 trains on.</summary>
    Domain,
    /// <summary>Both sets of windows together, cut to the shorter length.</summary>
    Mixed,
}
