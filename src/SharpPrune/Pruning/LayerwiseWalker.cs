using SharpPrune.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// The layer-wise calibration walker shared by every calibration-based method: embed the
/// calibration batch once, then for each decoder layer run it while the method's statistics
/// capture the inputs of the selected linears, let the method prune them, and (by default) run
/// the pruned layer again so the next layer sees the pruned model's activations. Only one
/// layer's activations are alive at a time. With <see cref="TrueSequential"/> each layer runs once
/// instead, pruning its linears group by group (<see cref="SequentialLayerPass"/>).
/// Each layer's weights are in use (<see cref="CausalLM.UseLayer"/>) only while it is walked, and are stored back
/// (<see cref="CausalLM.StoreLayer"/>) once pruned, so a stored-dtype or streamed model holds one layer in float32 at a time.
/// </summary>
public sealed class LayerwiseWalker(CausalLM model, Tensor calibrationIds, int batchSize = 8)
{
    /// <summary>Feed the next layer the pruned layer's outputs (SparseGPT's sequential scheme) rather than the dense ones.</summary>
    public bool PropagatePruned { get; init; } = true;

    /// <summary>
    /// Prune q/k/v, then o, then gate/up, then down, each calibrated on the already-pruned groups' outputs, in one
    /// pass per layer (about half the time of capture + re-run) at the cost of holding every batch's partial forward.
    /// Implies <see cref="PropagatePruned"/>.
    /// </summary>
    public bool TrueSequential { get; init; }

    /// <summary>Called with each layer's index before it is processed.</summary>
    public Action<int>? OnLayer { get; init; }

    /// <summary>Prunes every linear <paramref name="selected"/> accepts; returns each pruned linear's mask (true = zeroed).</summary>
    public IReadOnlyList<(string Name, Tensor Mask)> Run(PruningMethod method, SparsityPattern pattern, Func<string, bool> selected)
    {
        var masks = new List<(string, Tensor)>();
        Walk(method, pattern, selected, (_, layerMasks) => masks.AddRange(layerMasks));
        return masks;
    }

    /// <summary>
    /// As <see cref="Run"/>, but hands each layer's masks to <paramref name="onLayerPruned"/> (which then owns them) while the
    /// layer's pruned weights are still in use, and keeps none: for runs that measure each layer as it goes and never hold
    /// the whole model's masks.
    /// </summary>
    public void Walk(PruningMethod method, SparsityPattern pattern, Func<string, bool> selected,
        Action<int, IReadOnlyList<(string Name, Tensor Mask)>> onLayerPruned)
    {
        if (TrueSequential && !PropagatePruned)
            throw new SharpPruneException("true-sequential pruning feeds the next layer the pruned outputs; it cannot be combined with dense propagation");
        using var _ = no_grad();
        var ctx = model.Context(calibrationIds.shape[1]);
        List<Tensor> hidden;
        using (model.UseOuter()) hidden = Batches().Select(b => Keep(model.Embed(b, ctx))).ToList();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            OnLayer?.Invoke(i);
            using var use = model.UseLayer(i);
            var layer = model.Layers[i];
            var targets = model.NamedLinears(i).Where(l => selected(l.Name)).ToList();
            var named = targets.ToDictionary(t => t.Linear);
            var names = targets.ToDictionary(t => t.Linear, t => t.Name);
            var groups = Groups(layer, names.Keys);
            // Statistics describe a linear's inputs alone, so a group fed one input shares one: a single Hessian for q, k and v.
            var statistics = groups.Select(g => method.CreateStatistics(g[0])).ToList();
            var groupOf = groups.SelectMany((g, k) => g.Select(linear => (linear, k))).ToDictionary(p => p.linear, p => p.k);
            var unpruned = groups.Select(g => g.Count).ToArray();
            var masks = new List<(string, Tensor)>();
            void Prune(Linear linear)
            {
                int g = groupOf[linear];
                masks.Add((names[linear], Keep(method.Prune(linear, statistics[g], pattern))));
                if (--unpruned[g] == 0) statistics[g]?.Dispose();
                model.RoundToStored(named[linear]);
                FiniteCheck.Require(linear.weight!, $"{method.Name}: the pruned weight of {names[linear]}");
            }
            void Observe(int g, Tensor input)
            {
                using var scope = NewDisposeScope();
                FiniteCheck.Require(input, $"the calibration input of {names[groups[g][0]]} (layer {i})");
                statistics[g]?.AddBatch(input.reshape(-1, input.shape[^1]).to_type(ScalarType.Float32));
            }
            // The last layer's outputs feed nothing, so computing them after pruning would be wasted.
            bool needOutputs = i < model.Layers.Count - 1;
            List<Tensor> outputs;
            if (TrueSequential)
            {
                outputs = new SequentialLayerPass(layer, ctx, $"layer {i}").Run(hidden, groups,
                    capture: Observe,
                    prune: g => { foreach (var linear in groups[g]) Prune(linear); }, needOutputs) ?? [];
            }
            else
            {
                // A group's first linear is observed for all of it: the forward hands its members one tensor.
                using (LinearInputs.Observe(groups.Select((g, k) => (g[0], k)).ToDictionary(p => p.Item1, p => (Action<Tensor>)(input => Observe(p.k, input)))))
                    outputs = RunLayer(layer, hidden, ctx, i);
                targets.ForEach(t => Prune(t.Linear));
                if (PropagatePruned && targets.Count > 0 && needOutputs)
                {
                    outputs.ForEach(t => t.Dispose());
                    outputs = RunLayer(layer, hidden, ctx, i);
                }
            }
            hidden.ForEach(t => t.Dispose());
            hidden = outputs;
            onLayerPruned(i, masks);
            model.StoreLayer(i);
        }
        hidden.ForEach(t => t.Dispose());
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
    /// The selected linears in the order a forward applies them, grouped by shared input: the attention's
    /// input projections, its output projection, the MLP's expanding linears, its contracting one.
    /// </summary>
    static List<IReadOnlyList<Linear>> Groups(DecoderLayer layer, ICollection<Linear> selected)
    {
        var groups = new IReadOnlyList<Linear>[] { layer.Attention.Inputs, [layer.Attention.Output], layer.FeedForward.Expanding, [layer.FeedForward.Contracting] }
            .Select(g => (IReadOnlyList<Linear>)g.Where(selected.Contains).ToList()).Where(g => g.Count > 0).ToList();
        if (groups.Sum(g => g.Count) != selected.Count)
            throw new InvalidOperationException($"layer {layer.Index}: a selected linear is in none of the attention and MLP groups");
        return groups;
    }

    static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();
}
