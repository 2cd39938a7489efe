using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>One pruned matrix: how many entries the method zeroed, and the zero fraction after pruning.</summary>
public sealed record MatrixResult(string Name, long[] Shape, long Pruned, double Sparsity)
{
    /// <summary>A pruned linear measured: the entries its <paramref name="mask"/> zeroed, and the zeros its weight now holds.</summary>
    public static MatrixResult Of(NamedLinear linear, Tensor mask)
    {
        // count_nonzero counts in place; (w == 0).sum() and mask.sum() each made an int64 copy first (8 bytes a weight, fresh
        // pages: half of a 7B Wanda layer's page faults, bench/RESULTS.md).
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = linear.Linear.weight!;
        long zeros = w.numel() - w.count_nonzero().item<long>();
        return new MatrixResult(linear.WeightName, w.shape, mask.count_nonzero().item<long>(), (double)zeros / w.numel());
    }

    /// <summary>The zero fraction over all <paramref name="results"/>' entries together.</summary>
    public static double OverallSparsity(IReadOnlyList<MatrixResult> results) =>
        results.Sum(r => r.Sparsity * r.Shape[0] * r.Shape[1]) / results.Sum(r => (double)r.Shape[0] * r.Shape[1]);
}
