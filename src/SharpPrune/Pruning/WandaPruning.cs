using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Wanda (Sun et al., 2023): score S_ij = |W_ij| · ‖X_:,j‖₂ over all calibration tokens, compared
/// within each output row by default. No weight update.
/// </summary>
public sealed class WandaPruning : CalibratedPruningMethod<WandaPruning.ColumnNorms>
{
    public override string Name => "wanda";

    protected override ColumnNorms Create(Linear linear) => new(linear.weight!.shape[1], linear.weight!.device);

    protected override Tensor Prune(Linear linear, ColumnNorms norms, SparsityPattern pattern)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = linear.weight!;
        var scores = weight.abs().mul_(norms.SquaredSum.sqrt().to_type(weight.dtype).unsqueeze(0));
        var mask = MaskSelector.Select(scores, pattern);
        weight.masked_fill_(mask, 0);
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Σ over tokens of X_tj²: each batch summed in its own dtype (cheap), the running total in float64 so long calibration runs do not lose small columns.</summary>
    public sealed class ColumnNorms(long inputs, Device device) : ILinearStatistics
    {
        public Tensor SquaredSum { get; } = zeros(inputs, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();

        public void AddBatch(Tensor inputs)
        {
            using var scope = NewDisposeScope();
            SquaredSum.add_(inputs.Squared().sum(dim: 0).to_type(ScalarType.Float64));
        }

        public void Dispose() => SquaredSum.Dispose();
    }
}
