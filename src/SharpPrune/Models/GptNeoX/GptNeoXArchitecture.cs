namespace SharpPrune.Models.GptNeoX;

/// <summary>gpt_neox (Pythia): LayerNorm, partial rotary, fused per-head qkv, parallel residual.</summary>
public sealed class GptNeoXArchitecture : ModelArchitecture
{
    public override ModelFamily Family => ModelFamily.GptNeoX;

    public override IReadOnlyList<string> ModelTypes { get; } = ["gpt_neox"];

    internal override ModelConfig Read(ConfigJson c, string modelType)
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
            RopeTheta = ModelConfigReader.RopeTheta(c, c.DoubleOr("rotary_emb_base", 10000)),
            RopeScaling = ModelConfigReader.RopeScalingOf(c),
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

    public override CausalLM Construct(ModelConfig config) => new GptNeoXForCausalLM(config);

    /// <summary>The token embedding, an untied head, and the final LayerNorm's weight and bias.</summary>
    public override double OuterParameters(ModelConfig c)
    {
        double h = c.HiddenSize, v = c.VocabSize;
        return v * h + (c.TieEmbeddings ? 0 : v * h) + 2 * h;
    }

    /// <summary>Fused qkv, dense, then the MLP's two.</summary>
    public override IReadOnlyList<(double In, double Out)> LayerLinears(ModelConfig c, double i)
    {
        double h = c.HiddenSize;
        return [(h, 3 * h), (h, h), (h, i), (i, h)];
    }

    public override double LayerVectors(ModelConfig c, double i)
    {
        double h = c.HiddenSize;
        return 4 * h + (c.QkvBias ? 3 * h : 0) + (c.OutputBias ? h : 0) + (c.MlpBias ? i + h : 0);
    }
}
