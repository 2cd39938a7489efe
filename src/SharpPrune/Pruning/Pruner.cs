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
    public static PruningReport Run(CausalLM model, PruningRecipe recipe, TextTokenizer tokenizer, Action<int>? onLayer = null) =>
        Run(model, recipe, PruningMethods.Create(recipe.Method), tokenizer, onLayer);

    /// <param name="method">The recipe's method, already created (e.g. for its memory estimate).</param>
    public static PruningReport Run(CausalLM model, PruningRecipe recipe, PruningMethod method, TextTokenizer tokenizer, Action<int>? onLayer = null)
    {
        var targets = recipe.Selection.In(model);
        var stages = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        List<(string Name, Tensor Mask)> masks;
        CalibrationRecord? calibrationRecord = null;
        if (recipe.Pattern is UnstructuredPattern { Scope: PruningScope.Global } global)
        {
            masks = method.PruneTogether(targets, global.Sparsity);
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
        var byName = masks.ToDictionary(m => m.Name, m => m.Mask);
        var results = targets.Select(t => MatrixResult.Of(t, byName[t.Name])).ToList();
        masks.ForEach(m => m.Mask.Dispose());
        return new PruningReport(results, MatrixResult.OverallSparsity(results), stages, Process.GetCurrentProcess().PeakWorkingSet64, calibrationRecord);
    }
}
