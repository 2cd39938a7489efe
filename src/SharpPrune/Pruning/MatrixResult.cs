using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>One pruned matrix: how many entries the method zeroed, and the zero fraction after pruning.</summary>
public sealed record MatrixResult(string Name, long[] Shape, long Pruned, double Sparsity)
{
    /// <summary>A pruned linear measured: the entries its <paramref name="mask"/> zeroed, and the zeros its weight now holds.</summary>
    public static MatrixResult Of(NamedLinear linear, Tensor mask)
    {
        // The comparison is a byte per weight: without the scope a streamed run, which measures each layer as it goes outside
        // any other scope, kept every layer's (≈100 MB a layer of the 2.8B bench model, bench/RESULTS.md).
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = linear.Linear.weight!;
        long zeros = (w == 0).sum().item<long>();
        return new MatrixResult(linear.WeightName, w.shape, mask.sum().item<long>(), (double)zeros / w.numel());
    }

    /// <summary>The zero fraction over all <paramref name="results"/>' entries together.</summary>
    public static double OverallSparsity(IReadOnlyList<MatrixResult> results) =>
        results.Sum(r => r.Sparsity * r.Shape[0] * r.Shape[1]) / results.Sum(r => (double)r.Shape[0] * r.Shape[1]);
}
