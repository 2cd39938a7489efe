using System.Diagnostics;
using SharpPrune.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Reconstruction for a mask chosen elsewhere (D-Pruner's, or the zeros of any saved pruned model): the model holds the
/// DENSE weights; each selected linear gets its calibration Hessian and SparseGPT's OBS solve with its mask held fixed
/// (<see cref="SparseGptSolver.Reconstruct"/>), layer by layer through the walker, so every layer is calibrated on the
/// outputs of the already reconstructed layers before it.
/// </summary>
public sealed class FixedMaskReconstruction : CalibratedPruningMethod<HessianStatistics>
{
    readonly Dictionary<Linear, Tensor> masks;

    /// <param name="masks">Linear name (as <see cref="LinearSelection.In"/> gives it) → mask, true = zero.</param>
    FixedMaskReconstruction(CausalLM model, IReadOnlyDictionary<string, Tensor> masks)
    {
        var linears = model.NamedLinears().ToDictionary(l => l.Name, l => l.Linear);
        this.masks = masks.ToDictionary(
            m => linears.TryGetValue(m.Key, out var linear) ? linear : throw new ArgumentException($"the model has no linear '{m.Key}'"),
            m => m.Value);
    }

    public override string Name => "reconstruct";

    protected override HessianStatistics Create(Linear linear) => new(linear.weight!.shape[1], linear.weight!.device);

    protected override Tensor Prune(Linear linear, HessianStatistics hessian, SparsityPattern pattern)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var mask = masks[linear].to(linear.weight!.device);
        linear.weight!.copy_(SparseGptSolver.Reconstruct(linear.weight!, hessian, mask));
        return mask.clone().MoveToOuterDisposeScope();
    }

    /// <summary>Reconstructs every linear named in <paramref name="masks"/> on <paramref name="calibrationIds"/> [windows, length]; returns the per-matrix results.</summary>
    public static PruningReport Run(CausalLM model, IReadOnlyDictionary<string, Tensor> masks, Tensor calibrationIds, int batchSize,
        Calibration.CalibrationRecord? calibration = null, Action<int>? onLayer = null)
    {
        var watch = Stopwatch.StartNew();
        var method = new FixedMaskReconstruction(model, masks);
        var walker = new LayerwiseWalker(model, calibrationIds, batchSize) { OnLayer = onLayer };
        var results = new List<MatrixResult>();
        var linears = model.NamedLinears().ToDictionary(l => l.Name);
        foreach (var (name, mask) in walker.Run(method, new FixedMaskPattern(), masks.ContainsKey))
            using (mask) results.Add(MatrixResult.Of(linears[name], mask));
        var stages = new Dictionary<string, double> { ["reconstruction"] = watch.Elapsed.TotalSeconds };
        return new PruningReport(results, MatrixResult.OverallSparsity(results), stages, Process.GetCurrentProcess().PeakWorkingSet64, calibration);
    }
}
