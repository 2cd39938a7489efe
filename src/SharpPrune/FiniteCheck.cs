using static TorchSharp.torch;

namespace SharpPrune;

/// <summary>
/// The guard against NaN and Inf, applied where values arise (weights at load, calibration
/// activations, gradients and losses, importance scores) so a numerical fault stops the run naming the
/// tensor and step instead of turning silently into a mask. Two reductions per tensor (its minimum and
/// maximum); the bad values are counted only on failure.
/// </summary>
public static class FiniteCheck
{
    /// <summary>Throws "<paramref name="what"/> holds NaN or Inf (…)" unless every value is finite.</summary>
    public static void Require(Tensor values, string what)
    {
        // Integer and bool values are always finite; the minimum of no values is an error.
        if (!values.is_floating_point() || values.numel() == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Not isfinite().all(): libtorch computes isfinite as (x == x) & (x.abs() != inf), a float copy of the tensor and three
        // byte masks at once — 0.9 GB to check a 7B model's 0.5 GB float32 head as it is streamed in, the largest part of the
        // streamed ppl's peak above its estimate (measured, bench/RESULTS.md, h16d). min and max allocate only their results;
        // both propagate NaN, and one of them is ±Inf when any value is, so both are finite exactly when every value is.
        if (double.IsFinite(values.min().to_type(ScalarType.Float64).item<double>())
            && double.IsFinite(values.max().to_type(ScalarType.Float64).item<double>())) return;
        long nan = values.isnan().sum().item<long>(), inf = values.isinf().sum().item<long>();
        throw new SharpPruneException($"{what} holds NaN or Inf ({nan} NaN and {inf} Inf of {values.numel()} values)");
    }
}
