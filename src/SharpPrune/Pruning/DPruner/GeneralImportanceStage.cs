using SharpPrune.Calibration;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// D-Pruner stage 1: run SparseGPT at s_g over open-domain calibration and keep, for every weight,
/// its saliency W²/U_jj² at the moment its block's mask was chosen. The SparseGPT updates land
/// in <paramref name="model"/>; the caller discards that model.
/// </summary>
public static class GeneralImportanceStage
{
    public static (Dictionary<string, Tensor> Importance, CalibrationRecord Calibration) Compute(
        CausalLM model, DPrunerOptions options, LinearSelection selection, TextTokenizer tokenizer, Action<int>? onLayer)
    {
        var targets = selection.In(model);
        var names = targets.ToDictionary(t => t.Linear, t => t.WeightName);
        var selected = targets.Select(t => t.Name).ToHashSet();
        var importance = new Dictionary<string, Tensor>();
        // Our H averages over tokens; the released code's over sequences, so its H — and W²/U_jj², which
        // scales with H — is seqLen times ours. G enters the regularizer in absolute terms, so match it.
        double referenceScale = options.GeneralCalibration.SeqLen;
        var method = new SparseGptPruning
        {
            OnSaliency = (linear, saliency) => importance[names[linear]] = (saliency * referenceScale).DetachFromDisposeScope(),
        };
        options.GeneralCalibration.Validate(model.Config.MaxPositions);
        using var calibration = CalibrationSampler.Sample(options.GeneralCalibration, tokenizer);
        var walker = new LayerwiseWalker(model, calibration.Ids, options.BatchSize) { OnLayer = onLayer };
        foreach (var (_, mask) in walker.Run(method, new UnstructuredPattern(options.GeneralSparsity, PruningScope.Matrix), selected.Contains))
            mask.Dispose();
        return (importance, new CalibrationRecord(calibration.SourceSha256, calibration.Concatenated, calibration.Windows));
    }
}
