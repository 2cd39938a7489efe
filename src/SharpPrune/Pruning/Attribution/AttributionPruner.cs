using System.Diagnostics;
using SharpPrune.Models;
using SharpPrune.Tasks;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Task-specific structured pruning: score the FFN neurons (and optionally the attention heads) on a task's calibration
/// examples, then delete the lowest-scored ones from the model in place. No remaining weight changes.
/// </summary>
public static class AttributionPruner
{
    public static AttributionResult Run(CausalLM model, IReadOnlyList<TaskExample> calibration, ExampleEncoder encoder,
        AttributionOptions options, Action? onExample = null)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var examples = Select(calibration, options);
        var widths = model.Layers.Select(AttributionSite.Neurons.Units).ToList();
        var heads = model.Layers.Select(l => (l.Attention.Heads, l.Attention.KvHeads)).ToList();
        // Neurons and heads are scored together, on the unpruned model and in the same backward passes.
        var scores = UnitScorer.Score(model, examples, encoder, options, onExample);
        var keep = UnitSelection.Keep(scores.Neurons, options.Ratio, options.Global, options.MinKeep);
        var keptGroups = options.Heads is { } headRatio
            ? HeadSelection.KeepGroups(scores.Heads!, heads.Select(h => h.KvHeads).ToList(), headRatio)
            : null;
        NeuronRemoval.Apply(model, keep);
        if (keptGroups is not null) HeadRemoval.Apply(model, keptGroups);
        return new AttributionResult(options, examples.Select(e => e.Id).ToList(), scores, widths, keep, heads, keptGroups,
            watch.Elapsed.TotalSeconds);
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
