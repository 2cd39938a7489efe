using System.Diagnostics;
using SharpPrune.Calibration;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Runs a recipe on a loaded model, in place: magnitude prunes straight from the weights, layer by layer;
/// calibration methods go through the <see cref="LayerwiseWalker"/> on sampled windows. Every pruned weight is rounded to
/// its stored dtype at once and each layer stored back when done (see <see cref="WeightResidency"/>).
/// </summary>
public static class Pruner
{
    public static PruningReport Run(CausalLM model, PruningRecipe recipe, TextTokenizer tokenizer, Action<int>? onLayer = null) =>
        Run(model, recipe, PruningMethods.Create(recipe.Method), tokenizer, onLayer);

    /// <param name="method">The recipe's method, already created (e.g. for its memory estimate).</param>
    public static PruningReport Run(CausalLM model, PruningRecipe recipe, PruningMethod method, TextTokenizer tokenizer, Action<int>? onLayer = null)
    {
        var targets = recipe.Selection.In(model);
        var byName = targets.ToDictionary(t => t.Name);
        var measured = new Dictionary<string, MatrixResult>();
        // Each layer is measured while its pruned weights are in use, and its masks dropped: a streamed run never holds more.
        void Measure(IEnumerable<(string Name, Tensor Mask)> masks)
        {
            foreach (var (name, mask) in masks)
            {
                measured[name] = MatrixResult.Of(byName[name], mask);
                mask.Dispose();
            }
        }
        var stages = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        CalibrationRecord? calibrationRecord = null;
        if (recipe.Pattern is UnstructuredPattern { Scope: PruningScope.Global } global)
        {
            if (model.Residency == WeightResidency.Streamed)
                throw new SharpPruneException("--scope global ranks every layer's weights at once, so it cannot stream one layer at a time; use --stream never");
            var uses = Enumerable.Range(0, model.Layers.Count).Select(model.UseLayer).ToList();
            try
            {
                Measure(method.PruneTogether(targets, global.Sparsity));
                foreach (var target in targets) model.RoundToStored(target);
                for (int i = 0; i < model.Layers.Count; i++) model.StoreLayer(i);
            }
            finally
            {
                uses.ForEach(u => u.Dispose());
            }
        }
        else if (!method.NeedsCalibration)
        {
            for (int i = 0; i < model.Layers.Count; i++)
            {
                using (model.UseLayer(i))
                {
                    Measure(targets.Where(t => t.Layer == i).Select(t =>
                    {
                        var mask = method.Prune(t.Linear, null, recipe.Pattern);
                        model.RoundToStored(t);
                        return (t.Name, mask);
                    }).ToList());
                    model.StoreLayer(i);
                }
                onLayer?.Invoke(i);
            }
        }
        else
        {
            var spec = recipe.Calibration ?? throw new SharpPruneException($"--method {recipe.Method} needs --calib");
            spec.Validate(model.Config.MaxPositions);
            using var calibration = CalibrationSampler.Sample(spec, tokenizer);
            calibrationRecord = new CalibrationRecord(calibration.SourceSha256, calibration.Concatenated, calibration.Windows);
            stages["calibration_sampling"] = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var walker = new LayerwiseWalker(model, calibration.Ids, recipe.BatchSize)
            {
                PropagatePruned = recipe.PropagatePruned,
                TrueSequential = recipe.TrueSequential,
                OnLayer = onLayer,
            };
            walker.Walk(method, recipe.Pattern, byName.ContainsKey, (_, masks) => Measure(masks));
        }
        stages["pruning"] = watch.Elapsed.TotalSeconds;
        var results = targets.Select(t => measured[t.Name]).ToList();
        return new PruningReport(results, MatrixResult.OverallSparsity(results), stages, Process.GetCurrentProcess().PeakWorkingSet64, calibrationRecord)
        {
            Streamed = model.Residency == WeightResidency.Streamed,
        };
    }
}
