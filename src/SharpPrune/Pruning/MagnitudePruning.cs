using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>Magnitude pruning: score |W_ij|, zero the lowest. Needs no calibration data.</summary>
public sealed class MagnitudePruning : PruningMethod
{
    public override string Name => "magnitude";

    public override bool NeedsCalibration => false;

    public override ILinearStatistics? CreateStatistics(Linear linear) => null;

    public override Tensor Prune(Linear linear, ILinearStatistics? statistics, SparsityPattern pattern)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = linear.weight!;
        var mask = MaskSelector.Select(weight.abs(), pattern);
        weight.masked_fill_(mask, 0);
        return mask.MoveToOuterDisposeScope();
    }
}
