using SharpPrune.Memory;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>SparseGPT: mask by OBS saliency and reconstruct the kept weights from the calibration Hessian.</summary>
public sealed class SparseGptPruning : CalibratedPruningMethod<HessianStatistics>
{
    /// <summary>Called with each pruned linear and its saliency at mask choice (D-Pruner's general importance); null = not recorded.</summary>
    public Action<Linear, Tensor>? OnSaliency { get; init; }

    public override string Name => "sparsegpt";

    protected override HessianStatistics Create(Linear linear) => new(linear.weight!.shape[1], linear.weight!.device);

    protected override Tensor Prune(Linear linear, HessianStatistics hessian, SparsityPattern pattern)
    {
        using var _ = no_grad();
        using var solution = SparseGptSolver.Solve(linear.weight!, hessian, pattern, recordSaliency: OnSaliency is not null);
        linear.weight!.copy_(solution.Weight);
        if (OnSaliency is not null) OnSaliency(linear, solution.Saliency!);
        return solution.Mask.clone();
    }

    /// <summary>The Hessians of one layer (in² each) and, for the linear being solved, H⁻¹'s factor and the weight, two copies each.</summary>
    public override IEnumerable<MemoryPart> MemoryParts(ModelSize size, PruningScope scope) =>
    [
        new("Hessians", MemoryEstimate.Float * size.LayerShapes.Max(layer => layer.Sum(l => l.In * l.In))),
        new("solver", MemoryEstimate.Float * size.LayerShapes.SelectMany(l => l).Max(l => 2 * l.In * l.In + 2 * l.In * l.Out)),
    ];
}
