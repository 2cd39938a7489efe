using System.Diagnostics;
using SharpPrune.Calibration;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Runs a recipe on a loaded model, in place: magnitude prunes straight from the weights;
/// calibration methods go through the <see cref="LayerwiseWalker"/> on sampled windows.
/// </summary>
public static class Pruner
{
    public static PruningReport Run(CausalLM model, PruningRecipe recipe, TextTokenizer tokenizer, Action<int>? onLayer = null)
    {
        var method = PruningMethods.Create(recipe.Method);
        var targets = recipe.Selection.In(model);
        var stages = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        List<(string Name, Tensor Mask)> masks;
        CalibrationRecord? calibrationRecord = null;
        if (recipe.Pattern is UnstructuredPattern { Scope: PruningScope.Global } global)
        {
            if (method.NeedsCalibration) throw new SharpPruneException("--scope global is only supported for magnitude");
            masks = GlobalMagnitude(targets, global.Sparsity);
        }
        else if (!method.NeedsCalibration)
        {
            masks = targets.Select(t => (t.Name, method.Prune(t.Linear, null, recipe.Pattern))).ToList();
        }
        else
        {
            var spec = recipe.Calibration ?? throw new SharpPruneException($"--method {recipe.Method} needs --calib");
            spec.Validate(model.Config.MaxPositions);
            using var calibration = CalibrationSampler.Sample(spec, tokenizer);
            calibrationRecord = new CalibrationRecord(calibration.SourceSha256, calibration.Concatenated, calibration.Windows);
            stages["calibration_sampling"] = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var selected = targets.Select(t => t.Name).ToHashSet();
            var walker = new LayerwiseWalker(model, calibration.Ids, recipe.BatchSize)
            {
                PropagatePruned = recipe.PropagatePruned,
                TrueSequential = recipe.TrueSequential,
                OnLayer = onLayer,
            };
            masks = walker.Run(method, recipe.Pattern, selected.Contains).ToList();
        }
        stages["pruning"] = watch.Elapsed.TotalSeconds;
        var results = Results(targets, masks);
        masks.ForEach(m => m.Mask.Dispose());
        double zeros = results.Sum(r => r.Sparsity * r.Shape[0] * r.Shape[1]);
        double total = results.Sum(r => (double)r.Shape[0] * r.Shape[1]);
        return new PruningReport(results, zeros / total, stages, Process.GetCurrentProcess().PeakWorkingSet64, calibrationRecord);
    }

    static List<MatrixResult> Results(IReadOnlyList<(string Name, TorchSharp.Modules.Linear Linear)> targets, List<(string Name, Tensor Mask)> masks)
    {
        var byName = masks.ToDictionary(m => m.Name, m => m.Mask);
        using var _ = no_grad();
        return targets.Select(t =>
        {
            var w = t.Linear.weight!;
            long zeros = (w == 0).sum().item<long>();
            return new MatrixResult(t.Name + ".weight", w.shape, byName[t.Name].sum().item<long>(), (double)zeros / w.numel());
        }).ToList();
    }

    /// <summary>One |W| threshold over every selected matrix: the ⌊s·total⌋ smallest magnitudes of the whole set.</summary>
    static List<(string, Tensor)> GlobalMagnitude(IReadOnlyList<(string Name, TorchSharp.Modules.Linear Linear)> targets, double sparsity)
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
}
