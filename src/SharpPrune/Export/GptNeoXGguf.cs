using SharpPrune.Models;
using SharpPrune.Models.GptNeoX;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Export;

/// <summary>
/// A GPT-NeoX (Pythia) model as llama.cpp's <c>gptneox</c> architecture reads it: LayerNorms with biases, the fused
/// qkv regrouped from Transformers' per-head [q_h, k_h, v_h] blocks to llama.cpp's [all q | all k | all v], partial
/// rotary as <c>rope.dimension_count</c> (llama.cpp's NeoX rope rotates first half with second half, as Transformers
/// does, so no rows are reordered), and the parallel or sequential residual as <c>use_parallel_residual</c>.
/// </summary>
internal sealed class GptNeoXGguf : GgufMapping
{
    const string Arch = "gptneox";

    public override ModelFamily Family => ModelFamily.GptNeoX;

    public override void Check(ModelConfig c, string modelDir)
    {
        RequireGelu(c, modelDir, "hidden_act", Arch);
        if (c.RopeScaling is { } scaling)
            throw SharpPruneException.InFile(Path.Combine(modelDir, "config.json"), $"rope_scaling type {scaling.Type}: llama.cpp's gptneox export takes plain rotary only");
        RequireEqualLayers(c, modelDir, Arch);
    }

    protected override string Architecture(ModelConfig c) => Arch;

    protected override IEnumerable<KeyValuePair<string, GgufValue>> Hyperparameters(ModelConfig c, string arch) =>
    [
        .. LayerNormHyperparameters(c, arch),
        new($"{arch}.rope.dimension_count", GgufValue.Of((uint)c.RotaryDim)),
        new($"{arch}.rope.freq_base", GgufValue.Of((float)c.RopeTheta)),
        new($"{arch}.use_parallel_residual", GgufValue.Of(c.ParallelResidual)),
    ];

    public override List<GgufTensor> Tensors(CausalLM model, GgufOutputType storage)
    {
        var lm = (GptNeoXForCausalLM)model;
        var c = lm.Config;
        var tensors = new List<GgufTensor> { Matrix("token_embd.weight", lm.gpt_neox.embed_in.weight!, storage) };
        for (int i = 0; i < lm.gpt_neox.layers.Count; i++)
        {
            var layer = lm.gpt_neox.layers[i];
            var attention = layer.attention;
            string blk = $"blk.{i}.";
            AddNorm(tensors, blk + "attn_norm", layer.input_layernorm);
            tensors.Add(Matrix(blk + "attn_qkv.weight", QkvByPart(attention.query_key_value.weight!, c.NumHeads), storage));
            tensors.Add(Vector(blk + "attn_qkv.bias", QkvByPart(BiasOf(attention.query_key_value), c.NumHeads)));
            tensors.Add(Matrix(blk + "attn_output.weight", attention.dense.weight!, storage));
            tensors.Add(Vector(blk + "attn_output.bias", BiasOf(attention.dense)));
            AddNorm(tensors, blk + "ffn_norm", layer.post_attention_layernorm);
            tensors.Add(Matrix(blk + "ffn_up.weight", layer.mlp.dense_h_to_4h.weight!, storage));
            tensors.Add(Vector(blk + "ffn_up.bias", BiasOf(layer.mlp.dense_h_to_4h)));
            tensors.Add(Matrix(blk + "ffn_down.weight", layer.mlp.dense_4h_to_h.weight!, storage));
            tensors.Add(Vector(blk + "ffn_down.bias", BiasOf(layer.mlp.dense_4h_to_h)));
        }
        AddNorm(tensors, "output_norm", lm.gpt_neox.final_layer_norm);
        // llama.cpp's gptneox graph always reads output.weight, so a tied head is written as a copy of the embedding.
        tensors.Add(Matrix("output.weight", lm.embed_out?.weight ?? lm.gpt_neox.embed_in.weight!, storage));
        return tensors;
    }

    /// <summary>
    /// Transformers' fused rows are per head [q_h, k_h, v_h]; llama.cpp views its qkv output as all queries, then all
    /// keys, then all values. Viewing the rows as [head, part, dim] and swapping head and part regroups them.
    /// </summary>
    static Tensor QkvByPart(Tensor fused, int heads)
    {
        var shape = fused.shape;
        var split = new long[] { heads, 3, shape[0] / heads / 3 }.Concat(shape.Skip(1)).ToArray();
        return fused.detach().reshape(split).transpose(0, 1).reshape(shape);
    }

    /// <summary>llama.cpp's gptneox graph adds every bias; a config without them (attention_bias false) adds zeros.</summary>
    static Tensor BiasOf(Linear linear) => linear.bias ?? zeros(linear.weight!.shape[0]);
}
