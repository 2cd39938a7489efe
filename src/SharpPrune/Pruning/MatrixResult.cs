using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>One pruned matrix: how many entries the method zeroed, and the zero fraction after pruning.</summary>
public sealed record MatrixResult(string Name, long[] Shape, long Pruned, double Sparsity)
{
    /// <summary>A pruned linear measured: the entries its <paramref name="mask"/> zeroed, and the zeros its weight now holds.</summary>
    public static MatrixResult Of(NamedLinear linear, Tensor mask)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = linear.Linear.weight!;
        long zeros = (w == 0).sum().item<long>();
        return new MatrixResult(linear.WeightName, w.shape, mask.sum().item<long>(), (double)zeros / w.numel());
    }

    /// <summary>The zero fraction over all <paramref name="results"/>' entries together.</summary>
    public static double OverallSparsity(IReadOnlyList<MatrixResult> results) =>
        results.Sum(r => r.Sparsity * r.Shape[0] * r.Shape[1]) / results.Sum(r => (double)r.Shape[0] * r.Shape[1]);
}
