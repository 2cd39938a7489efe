using System.Text.Json.Nodes;

namespace SharpPrune.Models.Llama;

/// <summary>llama, mistral, qwen2: RMSNorm, rotary, gated SiLU MLP, optional grouped-query attention and biases.</summary>
public sealed class LlamaArchitecture : ModelArchitecture
{
    public override ModelFamily Family => ModelFamily.Llama;

    public override IReadOnlyList<string> ModelTypes { get; } = ["llama", "mistral", "qwen2"];

    public override bool GroupedQueryAttention => true;

    internal override ModelConfig Read(ConfigJson c, string modelType)
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
            RopeTheta = ModelConfigReader.RopeTheta(c, 10000),
            RopeScaling = ModelConfigReader.RopeScalingOf(c),
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

    public override CausalLM Construct(ModelConfig config) => new LlamaForCausalLM(config);

    /// <summary>The token embedding, an untied head, and the final RMSNorm's weight.</summary>
    public override double OuterParameters(ModelConfig c)
    {
        double h = c.HiddenSize, v = c.VocabSize;
        return v * h + (c.TieEmbeddings ? 0 : v * h) + h;
    }

    /// <summary>q, k, v, o, then gate, up, down.</summary>
    public override IReadOnlyList<(double In, double Out)> LayerLinears(ModelConfig c, double i)
    {
        double h = c.HiddenSize, q = (double)c.NumHeads * c.HeadDim, kv = (double)c.NumKvHeads * c.HeadDim;
        return [(h, q), (h, kv), (h, kv), (q, h), (h, i), (h, i), (i, h)];
    }

    public override double LayerVectors(ModelConfig c, double i)
    {
        double h = c.HiddenSize, qkv = ((double)c.NumHeads + 2.0 * c.NumKvHeads) * c.HeadDim;
        return 2 * h + (c.QkvBias ? qkv : 0) + (c.OutputBias ? h : 0) + (c.MlpBias ? 2 * i + h : 0);
    }

    /// <summary>
    /// Plain num_attention_heads / num_key_value_heads (and head_dim where hidden_size / heads no longer gives it), which
    /// Hugging Face loads.
    /// </summary>
    public override ModelConfig? WithHeadCounts(ModelConfig config, JsonObject raw, int heads, int kvHeads)
    {
        raw["num_attention_heads"] = heads;
        raw["num_key_value_heads"] = kvHeads;
        if (config.HiddenSize != heads * config.HeadDim) raw["head_dim"] = config.HeadDim;
        return config with { NumHeads = heads, NumKvHeads = kvHeads };
    }
}
