using System.Text.Json.Nodes;

namespace SharpPrune.Models.Gpt2;

/// <summary>gpt2: LayerNorm, learned positions, Conv1D (transposed) weights, fused qkv.</summary>
public sealed class Gpt2Architecture : ModelArchitecture
{
    const string Prefix = "transformer.";

    public override ModelFamily Family => ModelFamily.Gpt2;

    public override IReadOnlyList<string> ModelTypes { get; } = ["gpt2"];

    public override bool LearnedPositions => true;

    internal override ModelConfig Read(ConfigJson c, string modelType)
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

    public override CausalLM Construct(ModelConfig config) => new Gpt2LMHeadModel(config);

    /// <summary>The token embedding, an untied head, the final LayerNorm's weight and bias, and the learned positions.</summary>
    public override double OuterParameters(ModelConfig c)
    {
        double h = c.HiddenSize, v = c.VocabSize;
        return v * h + (c.TieEmbeddings ? 0 : v * h) + 2 * h + (double)c.MaxPositions * h;
    }

    /// <summary>c_attn (fused qkv), c_proj, then the MLP's c_fc and c_proj.</summary>
    public override IReadOnlyList<(double In, double Out)> LayerLinears(ModelConfig c, double i)
    {
        double h = c.HiddenSize;
        return [(h, 3 * h), (h, h), (h, i), (i, h)];
    }

    /// <summary>Two LayerNorms, and every linear's bias.</summary>
    public override double LayerVectors(ModelConfig c, double i)
    {
        double h = c.HiddenSize;
        return 4 * h + 3 * h + h + i + h;
    }

    /// <summary>Checkpoints such as the original gpt2's name the tensors without "transformer." (e.g. "wte.weight").</summary>
    public override string OmittedPrefix(IReadOnlySet<string> names) =>
        !names.Contains(Prefix + "wte.weight") && names.Contains("wte.weight") ? Prefix : "";

    /// <summary>GPT-2 names its MLP width n_inner.</summary>
    public override void WriteIntermediateSize(JsonObject raw, int widest) => raw["n_inner"] = widest;
}
