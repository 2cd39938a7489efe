using static TorchSharp.torch;

namespace SharpPrune;

/// <summary>
/// The guard against NaN and Inf, applied where values arise (weights at load, calibration
/// activations, gradients and losses, importance scores) so a numerical fault stops the run naming the
/// tensor and step instead of turning silently into a mask. One isfinite().all() per tensor; the bad
/// values are counted only on failure.
/// </summary>
public static class FiniteCheck
{
    /// <summary>Throws "<paramref name="what"/> holds NaN or Inf (…)" unless every value is finite.</summary>
    public static void Require(Tensor values, string what)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (values.isfinite().all().item<bool>()) return;
        long nan = values.isnan().sum().item<long>(), inf = values.isinf().sum().item<long>();
        throw new SharpPruneException($"{what} holds NaN or Inf ({nan} NaN and {inf} Inf of {values.numel()} values)");
    }
}
