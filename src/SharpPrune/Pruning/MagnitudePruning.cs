using SharpPrune.Memory;
using SharpPrune.Models;
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

    /// <summary>One |W| threshold over every selected matrix: the ⌊s·total⌋ smallest magnitudes of the whole set.</summary>
    public override List<(string Name, Tensor Mask)> PruneTogether(IReadOnlyList<NamedLinear> targets, double sparsity)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var all = cat(targets.Select(t => t.Linear.weight!.abs().flatten().to_type(ScalarType.Float32).cpu()).ToArray());
        var flat = MaskSelector.LowestOf(all, (long)Math.Floor(sparsity * all.numel()));
        var masks = new List<(string, Tensor)>();
        long offset = 0;
        foreach (var (name, linear) in targets)
        {
            var w = linear.weight!;
            var mask = flat.narrow(0, offset, w.numel()).view(w.shape).to(w.device);
            w.masked_fill_(mask, 0);
            masks.Add((name, mask.DetachFromDisposeScope()));
            offset += w.numel();
        }
        return masks;
    }

    /// <summary>One ranking: the largest matrix's, or every linear's at once when global.</summary>
    public override IEnumerable<MemoryPart> MemoryParts(ModelSize size, PruningScope scope) =>
        [MemoryPart.Ranking(scope == PruningScope.Global ? size.LinearWeights : size.LargestMatrix, scope)];
}
