using SharpPrune.Models;
using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>Scores every FFN neuron of a model on a task's examples, by attribution or a baseline.</summary>
public static class NeuronScorer
{
    /// <param name="onExample">Called after each example (for progress).</param>
    public static NeuronScores Score(CausalLM model, IReadOnlyList<TaskExample> examples, ExampleEncoder encoder,
        AttributionOptions options, Action? onExample = null)
    {
        int layers = model.Layers.Count;
        var widths = Enumerable.Range(0, layers).Select(i => (int)model.Layers[i].FeedForward.Contracting.weight!.shape[1]).ToArray();
        if (options.Scoring == NeuronScoring.Random)
        {
            var random = new Random((int)options.Seed);
            return new NeuronScores(widths.Select(w => Enumerable.Range(0, w).Select(_ => random.NextDouble()).ToArray()).ToList(), []);
        }
        if (examples.Count == 0) throw new SharpPruneException("no calibration examples to score neurons on");
        var sums = widths.Select(w => new double[w]).ToArray();
        var targets = new List<(string, int)>();
        foreach (var example in examples)
        {
            using var scope = NewDisposeScope();
            var encoded = encoder.Encode(example);
            IReadOnlyList<Tensor> perLayer;
            if (options.Scoring == NeuronScoring.Activation)
                // The magnitude baseline reads the prompt alone: it must not depend on any target.
                perLayer = NeuronAttribution.MeanAbsoluteActivations(model, new TargetSequence(encoded.Prompt, [0]));
            else
            {
                int target = TargetChooser.Choose(model, example, encoded, options.Unsupervised);
                targets.Add((example.Id, target));
                var sequence = TargetSequence.Of(encoded, target);
                var attributions = options.IgSteps is { } steps
                    ? Enumerable.Range(0, layers).Select(i => NeuronAttribution.IntegratedGradients(model, sequence, i, steps, options.IgBatch)).ToList()
                    : NeuronAttribution.ActivationTimesGradient(model, sequence);
                perLayer = attributions.Select(a => Reduce(a, options.PositionReduce)).ToList();
            }
            for (int i = 0; i < layers; i++)
            {
                var values = perLayer[i].data<double>().ToArray();
                for (int k = 0; k < values.Length; k++) sums[i][k] += values[k];
                // The magnitude baseline's tensors were made inside the MLPs' scopes and detached, so no scope owns them.
                perLayer[i].Dispose();
            }
            onExample?.Invoke();
        }
        return new NeuronScores(sums.Select(s => s.Select(v => v / examples.Count).ToArray()).ToList(), targets);
    }

    /// <summary>|Attr| [time, width] over the read positions (prompt and target tokens) → [width].</summary>
    public static Tensor Reduce(Tensor attribution, PositionReduce reduce) => reduce switch
    {
        PositionReduce.Max => attribution.abs().amax([0]),
        PositionReduce.Sum => attribution.abs().sum(dim: 0),
        _ => throw new ArgumentOutOfRangeException(nameof(reduce)),
    };
}
