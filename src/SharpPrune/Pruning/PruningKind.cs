namespace SharpPrune.Pruning;

/// <summary>Which library run carries out a method: the layer-wise walker, D-Pruner's pipeline or structured attribution.</summary>
public enum PruningKind
{
    Walker,
    DPruner,
    Attribution,
}
