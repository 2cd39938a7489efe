using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// A method that prunes from statistics of its own type: the walker hands each linear's statistics back to
/// <see cref="Prune(Linear, TStatistics, SparsityPattern)"/> as <see cref="CreateStatistics(Linear)"/> made them, so the
/// one cast from <see cref="ILinearStatistics"/> is here rather than in every method.
/// </summary>
public abstract class CalibratedPruningMethod<TStatistics> : PruningMethod where TStatistics : ILinearStatistics
{
    public sealed override bool NeedsCalibration => true;

    public sealed override ILinearStatistics CreateStatistics(Linear linear) => Create(linear);

    public sealed override Tensor Prune(Linear linear, ILinearStatistics? statistics, SparsityPattern pattern) =>
        Prune(linear, statistics is TStatistics own ? own : throw new ArgumentException($"{Name} prunes from the statistics it created", nameof(statistics)),
            pattern);

    /// <summary>A fresh accumulator for <paramref name="linear"/>'s inputs.</summary>
    protected abstract TStatistics Create(Linear linear);

    /// <summary>Prunes <paramref name="linear"/>'s weight in place from its inputs' statistics; returns the mask of pruned entries.</summary>
    protected abstract Tensor Prune(Linear linear, TStatistics statistics, SparsityPattern pattern);
}
