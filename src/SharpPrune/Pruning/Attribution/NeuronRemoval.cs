using System.Text.Json.Nodes;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Physically deletes FFN neurons: rows of the expanding linears (and their biases), columns of the contracting one,
/// and records the new widths in the model's config so the saved folder loads at its smaller size.
/// </summary>
public static class NeuronRemoval
{
    public static void Apply(CausalLM model, IReadOnlyList<long[]> keep)
    {
        if (keep.Count != model.Layers.Count) throw new ArgumentException($"{keep.Count} keep lists for {model.Layers.Count} layers");
        using (no_grad())
            for (int i = 0; i < keep.Count; i++)
            {
                if (keep[i].Length == 0) throw new SharpPruneException($"layer {i}: removing every FFN neuron is not supported");
                var ff = model.Layers[i].FeedForward;
                foreach (var linear in ff.Expanding)
                {
                    linear.weight = ParameterSlice.Kept(linear.weight!, 0, keep[i]);
                    if (linear.bias is { } bias) linear.bias = ParameterSlice.Kept(bias, 0, keep[i]);
                }
                ff.Contracting.weight = ParameterSlice.Kept(ff.Contracting.weight!, 1, keep[i]);
            }
        model.Config = Resized(model.Config, keep.Select(k => k.Length).ToArray());
    }

    /// <summary>
    /// All layers equal: a plain intermediate_size any Hugging Face loader reads. Otherwise intermediate_size is the
    /// widest and the per-layer list goes under <see cref="ModelConfigReader.LayerIntermediateSizesKey"/>.
    /// </summary>
    static ModelConfig Resized(ModelConfig config, int[] widths)
    {
        var raw = config.Raw.DeepClone().AsObject();
        bool equal = widths.All(w => w == widths[0]);
        int widest = widths.Max();
        config.Architecture.WriteIntermediateSize(raw, widest);
        if (equal) raw.Remove(ModelConfigReader.LayerIntermediateSizesKey);
        else raw[ModelConfigReader.LayerIntermediateSizesKey] = new JsonArray(widths.Select(w => (JsonNode)w).ToArray());
        return config with { IntermediateSize = widest, LayerIntermediateSizes = equal ? null : widths, Raw = raw };
    }
}
