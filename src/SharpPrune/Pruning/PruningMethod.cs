using TorchSharp.Modules;

namespace SharpPrune.Pruning;

/// <summary>
/// A pruning method plugged into the layer-wise walker: optionally collects statistics of each
/// linear's inputs, then prunes the linear's weight [out, in] in place (zeros, and for
/// reconstruction methods updated weights) to a pattern.
/// </summary>
public abstract class PruningMethod
{
    /// <summary>The name used on the command line and in pruning.json.</summary>
    public abstract string Name { get; }

    /// <summary>False for methods that look only at the weights (magnitude): no calibration pass is run.</summary>
    public abstract bool NeedsCalibration { get; }

    /// <summary>A fresh accumulator for one linear, or null when the method needs no inputs.</summary>
    public abstract ILinearStatistics? CreateStatistics(Linear linear);

    /// <summary>Prunes <paramref name="linear"/>'s weight in place and returns the mask of pruned entries (true = zeroed).</summary>
    public abstract TorchSharp.torch.Tensor Prune(Linear linear, ILinearStatistics? statistics, SparsityPattern pattern);
}
