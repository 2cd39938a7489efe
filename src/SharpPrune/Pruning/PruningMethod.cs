using SharpPrune.Memory;
using SharpPrune.Models;
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

    /// <summary>
    /// Prunes every target against one threshold (<see cref="PruningScope.Global"/>) and returns their masks; only
    /// methods whose scores compare across matrices without calibration support it.
    /// </summary>
    public virtual List<(string Name, TorchSharp.torch.Tensor Mask)> PruneTogether(IReadOnlyList<NamedLinear> targets, double sparsity) =>
        throw new SharpPruneException("--scope global is only supported for magnitude");

    /// <summary>
    /// What the method holds beyond the walker's weights, masks and activations, for the memory estimate: by default
    /// the ranking of one matrix's scores at a time (as Wanda does).
    /// </summary>
    public virtual IEnumerable<MemoryPart> MemoryParts(ModelSize size, PruningScope scope) => [MemoryPart.Ranking(size.LargestMatrix, scope)];
}
