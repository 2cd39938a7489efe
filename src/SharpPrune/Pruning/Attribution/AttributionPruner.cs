using System.Diagnostics;
using SharpPrune.Models;
using SharpPrune.Tasks;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Task-specific structured pruning: score the FFN neurons on a task's calibration examples, then delete the
/// lowest-scored ones from the model in place. No remaining weight changes.
/// </summary>
public static class AttributionPruner
{
    public static AttributionResult Run(CausalLM model, IReadOnlyList<TaskExample> calibration, ExampleEncoder encoder,
        AttributionOptions options, Action? onExample = null)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var examples = Select(calibration, options);
        var widths = model.Layers.Select(l => (int)l.FeedForward.Contracting.weight!.shape[1]).ToList();
        var scores = NeuronScorer.Score(model, examples, encoder, options, onExample);
        var keep = NeuronSelection.Keep(scores.PerLayer, options.Ratio, options.Global, options.MinKeep);
        NeuronRemoval.Apply(model, keep);
        return new AttributionResult(options, examples.Select(e => e.Id).ToList(), scores, widths, keep, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The examples used: a seeded draw of K for low-resource runs, then the first <c>Limit</c>.</summary>
    public static IReadOnlyList<TaskExample> Select(IReadOnlyList<TaskExample> calibration, AttributionOptions options)
    {
        IEnumerable<TaskExample> chosen = calibration;
        if (options.LowResource is { } k)
        {
            if (k > calibration.Count) throw new SharpPruneException($"--low-resource {k}: only {calibration.Count} calibration examples");
            var random = new Random((int)options.Seed);
            chosen = calibration.Select(e => (e, key: random.NextDouble())).OrderBy(p => p.key).Take(k).Select(p => p.e);
        }
        if (options.Limit is { } limit) chosen = chosen.Take(limit);
        return chosen.ToList();
    }
}
