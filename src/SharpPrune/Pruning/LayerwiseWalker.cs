using SharpPrune.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// The layer-wise calibration walker shared by every calibration-based method: embed the
/// calibration batch once, then for each decoder layer run it while the method's statistics
/// capture the inputs of the selected linears, let the method prune them, and (by default) run
/// the pruned layer again so the next layer sees the pruned model's activations. Only one
/// layer's activations are alive at a time.
/// </summary>
public sealed class LayerwiseWalker(CausalLM model, Tensor calibrationIds, int batchSize = 8)
{
    /// <summary>Feed the next layer the pruned layer's outputs (SparseGPT's sequential scheme) rather than the dense ones.</summary>
    public bool PropagatePruned { get; init; } = true;

    /// <summary>Called with each layer's index before it is processed.</summary>
    public Action<int>? OnLayer { get; init; }

    /// <summary>Prunes every linear <paramref name="selected"/> accepts; returns each pruned linear's mask (true = zeroed).</summary>
    public IReadOnlyList<(string Name, Tensor Mask)> Run(PruningMethod method, SparsityPattern pattern, Func<string, bool> selected)
    {
        using var _ = no_grad();
        var masks = new List<(string, Tensor)>();
        var ctx = model.Context(calibrationIds.shape[1]);
        var hidden = Batches().Select(b => Keep(model.Embed(b, ctx))).ToList();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            OnLayer?.Invoke(i);
            var layer = model.Layers[i];
            var targets = layer.Linears.Where(l => selected(model.LayerPrefix(i) + l.Name))
                .Select(l => (Name: model.LayerPrefix(i) + l.Name, l.Linear)).ToList();
            var statistics = targets.ToDictionary(t => t.Linear, t => method.CreateStatistics(t.Linear));
            List<Tensor> outputs;
            using (Capture(statistics, targets.ToDictionary(t => t.Linear, t => $"the calibration input of {t.Name} (layer {i})")))
                outputs = RunLayer(layer, hidden, ctx, i);
            foreach (var (name, linear) in targets)
            {
                masks.Add((name, Keep(method.Prune(linear, statistics[linear], pattern))));
                statistics[linear]?.Dispose();
                FiniteCheck.Require(linear.weight!, $"{method.Name}: the pruned weight of {name}");
            }
            // The last layer's outputs feed nothing, so its second pass would be wasted.
            if (PropagatePruned && targets.Count > 0 && i < model.Layers.Count - 1)
            {
                outputs.ForEach(t => t.Dispose());
                outputs = RunLayer(layer, hidden, ctx, i);
            }
            hidden.ForEach(t => t.Dispose());
            hidden = outputs;
        }
        hidden.ForEach(t => t.Dispose());
        return masks;
    }

    IEnumerable<Tensor> Batches()
    {
        long samples = calibrationIds.shape[0];
        for (long start = 0; start < samples; start += batchSize)
            yield return calibrationIds.narrow(0, start, Math.Min(batchSize, samples - start)).to(model.Device);
    }

    static List<Tensor> RunLayer(DecoderLayer layer, List<Tensor> inputs, ForwardContext ctx, int index) =>
        inputs.Select(x =>
        {
            using var scope = NewDisposeScope();
            var output = layer.forward(x, ctx);
            FiniteCheck.Require(output, $"the calibration output of layer {index}");
            return Keep(output);
        }).ToList();

    /// <summary>
    /// Observers that hand each selected linear's inputs, flattened to [tokens, in], to its statistics,
    /// after checking them: a NaN or Inf would otherwise vanish into the statistics and come out as a mask.
    /// </summary>
    static IDisposable Capture(Dictionary<Linear, ILinearStatistics?> statistics, Dictionary<Linear, string> inputNames) =>
        LinearInputs.Observe(statistics.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => (Action<Tensor>)(input =>
        {
            using var scope = NewDisposeScope();
            FiniteCheck.Require(input, inputNames[s.Key]);
            s.Value!.AddBatch(input.reshape(-1, input.shape[^1]).to_type(ScalarType.Float32));
        })));

    static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();
}
