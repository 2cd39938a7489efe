using System.Text.Json.Nodes;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Physically deletes groups of attention heads (a KV head with its query heads): their rows of the q/k/v projections
/// (and biases), their columns of the output projection, and records the new head counts in the model's config so the
/// saved folder loads at its smaller size.
/// </summary>
public static class HeadRemoval
{
    /// <param name="keptGroups">Per layer, the KV groups that stay, ascending.</param>
    public static void Apply(CausalLM model, IReadOnlyList<long[]> keptGroups)
    {
        var layers = model.Layers;
        if (keptGroups.Count != layers.Count) throw new ArgumentException($"{keptGroups.Count} keep lists for {layers.Count} layers");
        var heads = new int[layers.Count];
        var kvHeads = new int[layers.Count];
        using (no_grad())
            for (int i = 0; i < layers.Count; i++)
            {
                var groups = keptGroups[i];
                if (groups.Length == 0) throw new SharpPruneException($"layer {i}: removing every attention head is not supported");
                var attention = layers[i].Attention;
                // Both index lists are taken from the counts before any weight changes them.
                var rows = attention.InputRows(groups);
                var columns = HeadGroups.Rows(HeadGroups.QueryHeads(groups, attention.Heads / attention.KvHeads), attention.HeadDim).ToArray();
                foreach (var (linear, keep) in attention.Inputs.Zip(rows))
                {
                    linear.weight = ParameterSlice.Kept(linear.weight!, 0, keep);
                    if (linear.bias is { } bias) linear.bias = ParameterSlice.Kept(bias, 0, keep);
                }
                attention.Output.weight = ParameterSlice.Kept(attention.Output.weight!, 1, columns);
                (heads[i], kvHeads[i]) = (attention.Heads, attention.KvHeads);
            }
        model.Config = Resized(model.Config, heads, kvHeads);
    }

    /// <summary>
    /// Layers that all keep the same counts get the family's plain keys where it has them (Llama:
    /// <see cref="ModelArchitecture.WithHeadCounts"/>), which Hugging Face loads. Otherwise the per-layer counts go under
    /// our keys — always so for GPT-NeoX and GPT-2 once a head is gone, since their head size is hidden_size / heads.
    /// </summary>
    static ModelConfig Resized(ModelConfig config, int[] heads, int[] kvHeads)
    {
        var raw = config.Raw.DeepClone().AsObject();
        bool alike = heads.All(h => h == heads[0]) && kvHeads.All(k => k == kvHeads[0]);
        if (alike && (heads[0] != config.NumHeads || kvHeads[0] != config.NumKvHeads))
            config = config.Architecture.WithHeadCounts(config, raw, heads[0], kvHeads[0]) ?? config;
        bool plain = heads.All(h => h == config.NumHeads) && kvHeads.All(k => k == config.NumKvHeads);
        if (plain)
        {
            raw.Remove(ModelConfigReader.LayerHeadsKey);
            raw.Remove(ModelConfigReader.LayerKvHeadsKey);
        }
        else
        {
            raw[ModelConfigReader.LayerHeadsKey] = new JsonArray(heads.Select(h => (JsonNode)h).ToArray());
            raw[ModelConfigReader.LayerKvHeadsKey] = new JsonArray(kvHeads.Select(k => (JsonNode)k).ToArray());
        }
        return config with { LayerHeads = plain ? null : heads, LayerKvHeads = plain ? null : kvHeads, Raw = raw };
    }
}
