namespace SharpPrune.Pruning.DPruner;

/// <summary>Where D-Pruner's final threshold on S is taken.</summary>
public enum MaskScope
{
    /// <summary>One threshold per matrix: the lowest s fraction of its entries.</summary>
    Matrix,
    /// <summary>The released code's "iterative blocking": the lowest s fraction of each block of 128 input columns.</summary>
    Block128,
}
