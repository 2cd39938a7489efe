using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Data;
using SharpPrune.IO;

namespace SharpPrune.Models;

/// <summary>
/// Reads a Hugging Face config.json into a <see cref="ModelConfig"/>. Accepts both the
/// transformers 4 keys (<c>rope_theta</c>, <c>rope_scaling</c>, <c>rotary_pct</c>) and the
/// transformers 5 <c>rope_parameters</c> object; each family's own keys are read by its <see cref="ModelArchitecture"/>.
/// Anything we would silently compute differently
/// (an unknown model_type, rope kind or activation; per-layer sliding windows) is refused by name.
/// </summary>
public static class ModelConfigReader
{
    /// <summary>Key under which per-layer MLP widths are saved once structured pruning made them differ.</summary>
    public const string LayerIntermediateSizesKey = "sharpprune_intermediate_sizes";

    /// <summary>Keys under which per-layer query and KV head counts are saved once head removal made them differ.</summary>
    public const string LayerHeadsKey = "sharpprune_attention_heads", LayerKvHeadsKey = "sharpprune_key_value_heads";

    static readonly string[] Activations = ["silu", "gelu", "gelu_new", "gelu_fast", "gelu_pytorch_tanh", "relu"];

    /// <summary>The config.json of a model folder: what a run's size is known from before any weight is read.</summary>
    public static ModelConfig ReadFolder(string directory)
    {
        if (!Directory.Exists(directory)) throw SharpPruneException.InFile(directory, "model folder not found");
        return Read(Path.Combine(directory, CheckpointBinding.ConfigFile));
    }

    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        JsonObject raw;
        try
        {
            // Duplicate keys would make JsonObject throw ArgumentException on first lookup, and a string that is
            // not valid Unicode InvalidOperationException: both are refused here, while the file name is at hand.
            var options = new JsonDocumentOptions { AllowDuplicateProperties = false };
            string text = TextFile.ReadAllText(path);
            using (var document = JsonDocument.Parse(text, options))
                JsonUnicode.Check(path, document.RootElement);
            raw = JsonNode.Parse(text, documentOptions: options) as JsonObject
                  ?? throw SharpPruneException.InFile(path, "config is not a JSON object");
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
        return Parse(raw, path);
    }

    public static ModelConfig Parse(JsonObject raw, string path)
    {
        var c = new ConfigJson(raw, path);
        string modelType = c.String("model_type");
        var architecture = ModelArchitectures.ForModelType(modelType) ?? throw SharpPruneException.InFile(path,
            $"unsupported model_type '{modelType}' (supported: {string.Join(", ", ModelArchitectures.ModelTypes)})");
        var config = architecture.Read(c, modelType);
        if (!Activations.Contains(config.Activation))
            throw SharpPruneException.InFile(path, $"unsupported activation '{config.Activation}'");
        if (config.HiddenSize % config.NumHeads != 0 && !raw.ContainsKey("head_dim"))
            throw SharpPruneException.InFile(path, "hidden size is not a multiple of the number of heads");
        if (config.NumHeads % config.NumKvHeads != 0)
            throw SharpPruneException.InFile(path, "num_attention_heads is not a multiple of num_key_value_heads");
        var layerSizes = c.IntListOrNull(LayerIntermediateSizesKey);
        if (layerSizes is not null && layerSizes.Count != config.NumLayers)
            throw SharpPruneException.InFile(path, $"{LayerIntermediateSizesKey} has {layerSizes.Count} entries for {config.NumLayers} layers");
        var (layerHeads, layerKvHeads) = LayerHeads(c, config, path);
        return config with
        {
            Raw = raw,
            LayerIntermediateSizes = layerSizes,
            LayerHeads = layerHeads,
            LayerKvHeads = layerKvHeads,
            BosTokenId = c.IntOrNull("bos_token_id"),
            EosTokenId = c.FirstIntOrNull("eos_token_id"),
            DeclaredDtype = c.StringOrNull("torch_dtype") ?? c.StringOrNull("dtype"),
        };
    }

    /// <summary>
    /// Per-layer head counts: both lists or neither, a positive entry per layer, each KV count dividing its query count,
    /// and equal to it in the families without grouped-query attention.
    /// </summary>
    static (IReadOnlyList<int>? Heads, IReadOnlyList<int>? KvHeads) LayerHeads(ConfigJson c, ModelConfig config, string path)
    {
        var heads = c.IntListOrNull(LayerHeadsKey);
        var kvHeads = c.IntListOrNull(LayerKvHeadsKey);
        if (heads is null && kvHeads is null) return (null, null);
        if (heads is null || kvHeads is null)
            throw SharpPruneException.InFile(path, $"{LayerHeadsKey} and {LayerKvHeadsKey} must be given together");
        foreach (var (key, counts) in new[] { (LayerHeadsKey, heads), (LayerKvHeadsKey, kvHeads) })
        {
            if (counts.Count != config.NumLayers)
                throw SharpPruneException.InFile(path, $"{key} has {counts.Count} entries for {config.NumLayers} layers");
            if (counts.Any(n => n <= 0)) throw SharpPruneException.InFile(path, $"{key} entries must be positive");
        }
        for (int i = 0; i < heads.Count; i++)
            if (heads[i] % kvHeads[i] != 0)
                throw SharpPruneException.InFile(path, $"layer {i}: {LayerHeadsKey} {heads[i]} is not a multiple of {LayerKvHeadsKey} {kvHeads[i]}");
        if (!config.Architecture.GroupedQueryAttention && !heads.SequenceEqual(kvHeads))
            throw SharpPruneException.InFile(path, $"{LayerKvHeadsKey} must equal {LayerHeadsKey} for {config.ModelType} (no grouped-query attention)");
        return (heads, kvHeads);
    }

    internal static double RopeTheta(ConfigJson c, double fallback) =>
        c.Nested("rope_parameters")?.DoubleOrNull("rope_theta") ?? c.DoubleOr("rope_theta", fallback);

    internal static RopeScaling? RopeScalingOf(ConfigJson c)
    {
        ConfigJson? s = c.Nested("rope_parameters") ?? c.Nested("rope_scaling");
        if (s is null) return null;
        string type = s.StringOrNull("rope_type") ?? s.StringOrNull("type") ?? "default";
        double Num(string key, double fallback) => s.DoubleOr(key, fallback);
        return type switch
        {
            "default" => null,
            RopeScaling.Linear => new RopeScaling(type, Num("factor", 1)),
            RopeScaling.Llama3 => new RopeScaling(type, Num("factor", 8), Num("low_freq_factor", 1),
                Num("high_freq_factor", 4), (int)Num("original_max_position_embeddings", 8192)),
            _ => throw c.Error($"unsupported rope scaling '{type}' (supported: default, linear, llama3)"),
        };
    }
}
