namespace SharpPrune.Pruning.Attribution;

/// <summary>How |Attr| over a sequence's read positions becomes one score per neuron.</summary>
public enum PositionReduce
{
    /// <summary>The largest |Attr| at any position (the authors' later code).</summary>
    Max,
    Sum,
}
