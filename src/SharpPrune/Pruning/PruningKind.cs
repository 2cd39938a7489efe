namespace SharpPrune.Pruning;

/// <summary>Which library run carries out a method: the layer-wise walker, D-Pruner's pipeline, structured attribution, or the
/// fixed-mask reconstruction of a saved mask.</summary>
public enum PruningKind
{
    Walker,
    DPruner,
    Attribution,
    Reconstruct,
}
