using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;

namespace SharpPrune.Models;

/// <summary>
/// Reads a Hugging Face config.json into a <see cref="ModelConfig"/>. Accepts both the
/// transformers 4 keys (<c>rope_theta</c>, <c>rope_scaling</c>, <c>rotary_pct</c>) and the
/// transformers 5 <c>rope_parameters</c> object. Anything we would silently compute differently
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
            string text = File.ReadAllText(path);
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
        ModelConfig config = modelType switch
        {
            "llama" or "mistral" or "qwen2" => ReadLlama(c, modelType),
            "gpt_neox" => ReadGptNeoX(c),
            "gpt2" => ReadGpt2(c),
            _ => throw SharpPruneException.InFile(path,
                $"unsupported model_type '{modelType}' (supported: llama, mistral, qwen2, gpt_neox, gpt2)"),
        };
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
        if (config.Family != ModelFamily.Llama && !heads.SequenceEqual(kvHeads))
            throw SharpPruneException.InFile(path, $"{LayerKvHeadsKey} must equal {LayerHeadsKey} for {config.ModelType} (no grouped-query attention)");
        return (heads, kvHeads);
    }

    static ModelConfig ReadLlama(ConfigJson c, string modelType)
    {
        int hidden = c.PositiveInt("hidden_size");
        int heads = c.PositiveInt("num_attention_heads");
        int headDim = c.PositiveIntOrNull("head_dim") ?? hidden / heads;
        bool attentionBias = c.BoolOr("attention_bias", false);
        if (modelType == "qwen2" && c.BoolOr("use_sliding_window", false))
            throw c.Error("use_sliding_window=true (per-layer sliding windows) is not supported");
        return new ModelConfig
        {
            Family = ModelFamily.Llama,
            ModelType = modelType,
            VocabSize = c.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = c.Int("intermediate_size"),
            NumLayers = c.PositiveInt("num_hidden_layers"),
            NumHeads = heads,
            NumKvHeads = c.PositiveIntOrNull("num_key_value_heads") ?? heads,
            HeadDim = headDim,
            RotaryDim = headDim,
            RopeTheta = RopeTheta(c, 10000),
            RopeScaling = RopeScalingOf(c),
            MaxPositions = c.PositiveInt("max_position_embeddings"),
            NormEps = c.Double("rms_norm_eps"),
            Activation = c.StringOr("hidden_act", "silu"),
            // Qwen2 always has q/k/v biases and none on o_proj; Llama's attention_bias covers all four.
            QkvBias = modelType == "qwen2" || attentionBias,
            OutputBias = modelType != "qwen2" && attentionBias,
            MlpBias = c.BoolOr("mlp_bias", false),
            TieEmbeddings = c.BoolOr("tie_word_embeddings", false),
            SlidingWindow = modelType == "mistral" ? c.IntOrNull("sliding_window") : null,
        };
    }

    static ModelConfig ReadGptNeoX(ConfigJson c)
    {
        int hidden = c.PositiveInt("hidden_size");
        int heads = c.PositiveInt("num_attention_heads");
        int headDim = hidden / heads;
        double partial = c.Nested("rope_parameters")?.DoubleOrNull("partial_rotary_factor") ?? c.DoubleOr("rotary_pct", 1.0);
        bool bias = c.BoolOr("attention_bias", true);
        return new ModelConfig
        {
            Family = ModelFamily.GptNeoX,
            ModelType = "gpt_neox",
            VocabSize = c.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = c.Int("intermediate_size"),
            NumLayers = c.PositiveInt("num_hidden_layers"),
            NumHeads = heads,
            NumKvHeads = heads,
            HeadDim = headDim,
            RotaryDim = (int)(headDim * partial),
            RopeTheta = RopeTheta(c, c.DoubleOr("rotary_emb_base", 10000)),
            RopeScaling = RopeScalingOf(c),
            MaxPositions = c.PositiveInt("max_position_embeddings"),
            NormEps = c.DoubleOr("layer_norm_eps", 1e-5),
            Activation = c.StringOr("hidden_act", "gelu"),
            QkvBias = bias,
            OutputBias = bias,
            MlpBias = true,
            TieEmbeddings = c.BoolOr("tie_word_embeddings", false),
            ParallelResidual = c.BoolOr("use_parallel_residual", true),
        };
    }

    static ModelConfig ReadGpt2(ConfigJson c)
    {
        if (!c.BoolOr("scale_attn_weights", true))
            throw c.Error("scale_attn_weights=false is not supported");
        if (c.BoolOr("scale_attn_by_inverse_layer_idx", false))
            throw c.Error("scale_attn_by_inverse_layer_idx=true is not supported");
        int hidden = c.PositiveInt("n_embd");
        int heads = c.PositiveInt("n_head");
        return new ModelConfig
        {
            Family = ModelFamily.Gpt2,
            ModelType = "gpt2",
            VocabSize = c.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = c.IntOrNull("n_inner") ?? 4 * hidden,
            NumLayers = c.PositiveInt("n_layer"),
            NumHeads = heads,
            NumKvHeads = heads,
            HeadDim = hidden / heads,
            RotaryDim = 0,
            MaxPositions = c.PositiveInt("n_positions"),
            NormEps = c.DoubleOr("layer_norm_epsilon", 1e-5),
            Activation = c.StringOr("activation_function", "gelu_new"),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            // GPT-2's LM head is always the token embedding.
            TieEmbeddings = true,
        };
    }

    static double RopeTheta(ConfigJson c, double fallback) =>
        c.Nested("rope_parameters")?.DoubleOrNull("rope_theta") ?? c.DoubleOr("rope_theta", fallback);

    static RopeScaling? RopeScalingOf(ConfigJson c)
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
