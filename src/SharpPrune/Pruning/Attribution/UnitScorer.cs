using SharpPrune.Models;
using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>Scores every FFN neuron (and, with <see cref="AttributionOptions.Heads"/>, every attention head) of a model on a task's examples.</summary>
public static class UnitScorer
{
    /// <param name="onExample">Called after each example (for progress).</param>
    public static UnitScores Score(CausalLM model, IReadOnlyList<TaskExample> examples, ExampleEncoder encoder,
        AttributionOptions options, Action? onExample = null)
    {
        var layers = model.Layers;
        AttributionSite[] sites = options.Heads is null ? [AttributionSite.Neurons] : [AttributionSite.Neurons, AttributionSite.Heads];
        var widths = sites.Select(site => layers.Select(site.Units).ToArray()).ToArray();
        if (options.Scoring == UnitScoring.Random)
        {
            // Neurons draw first, so adding heads leaves the neurons' scores as they were.
            var random = new Random((int)options.Seed);
            var drawn = widths.Select(w => w.Select(n => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToList()).ToList();
            return new UnitScores(drawn[0], options.Heads is null ? null : drawn[1], []);
        }
        if (examples.Count == 0) throw new SharpPruneException("no calibration examples to score on");
        var sums = widths.Select(w => w.Select(n => new double[n]).ToArray()).ToArray();
        var targets = new List<(string, int)>();
        foreach (var example in examples)
        {
            using var scope = NewDisposeScope();
            var encoded = encoder.Encode(example);
            IReadOnlyList<IReadOnlyList<Tensor>> perSite;
            if (options.Scoring == UnitScoring.Activation)
                // The magnitude baseline reads the prompt alone: it must not depend on any target.
                perSite = UnitAttribution.MeanAbsoluteActivations(model, new TargetSequence(encoded.Prompt, [0]), sites);
            else
            {
                int target = TargetChooser.Choose(model, example, encoded, options.Unsupervised);
                targets.Add((example.Id, target));
                var sequence = TargetSequence.Of(encoded, target);
                var attributions = options.IgSteps is { } steps
                    ? sites.Select(site => (IReadOnlyList<Tensor>)Enumerable.Range(0, layers.Count)
                        .Select(i => UnitAttribution.IntegratedGradients(model, sequence, site, i, steps, options.IgBatch)).ToList()).ToList()
                    : UnitAttribution.ActivationTimesGradient(model, sequence, sites);
                perSite = attributions.Select(perLayer => (IReadOnlyList<Tensor>)perLayer.Select(a => Reduce(a, options.PositionReduce)).ToList()).ToList();
            }
            for (int s = 0; s < sites.Length; s++)
                for (int i = 0; i < layers.Count; i++)
                {
                    var values = perSite[s][i].data<double>().ToArray();
                    for (int k = 0; k < values.Length; k++) sums[s][i][k] += values[k];
                    // The magnitude baseline's tensors were made inside the modules' scopes and detached, so no scope owns them.
                    perSite[s][i].Dispose();
                }
            onExample?.Invoke();
        }
        var means = sums.Select(site => site.Select(s => s.Select(v => v / examples.Count).ToArray()).ToList()).ToList();
        return new UnitScores(means[0], options.Heads is null ? null : means[1], targets);
    }

    /// <summary>|Attr| [time, units] over the read positions (prompt and target tokens) → [units].</summary>
    public static Tensor Reduce(Tensor attribution, PositionReduce reduce) => reduce switch
    {
        PositionReduce.Max => attribution.abs().amax([0]),
        PositionReduce.Sum => attribution.abs().sum(dim: 0),
        _ => throw new ArgumentOutOfRangeException(nameof(reduce)),
    };
}
