using SharpPrune.Models;
using SharpPrune.Models.Llama;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Export;

/// <summary>
/// A Llama-family model as llama.cpp's <c>llama</c> architecture reads it: llama.cpp's tensor names
/// (<c>token_embd</c>, <c>blk.N.attn_q</c>, ...), the <c>llama.*</c> hyper-parameters, and the q/k rows of each
/// head reordered for llama.cpp's rotary pairing. Layers of unequal widths or head counts (after structured pruning)
/// use llama.cpp's <c>deci</c> architecture, the Llama graph whose hyper-parameters may be per-layer arrays.
/// </summary>
internal sealed class LlamaGguf : GgufMapping
{
    const string Uniform = "llama", Variable = "deci";

    public override ModelFamily Family => ModelFamily.Llama;

    public override void Check(ModelConfig c, string modelDir)
    {
        string Where() => Path.Combine(modelDir, "config.json");
        if (c.Activation != "silu")
            throw SharpPruneException.InFile(Where(), $"hidden_act {c.Activation}: llama.cpp's Llama graph uses SiLU only");
        if (c.RopeScaling is { Type: not RopeScaling.Linear } scaling)
            throw SharpPruneException.InFile(Where(), $"rope_scaling type {scaling.Type} is not exported (linear is)");
        if (c.SlidingWindow is { } window && window < c.MaxPositions)
            throw SharpPruneException.InFile(Where(), $"sliding_window {window}: llama.cpp's Llama graph attends to the whole context, so the export would differ beyond {window} tokens");
        if (c.MlpBias)
            throw SharpPruneException.InFile(Where(), "mlp_bias: llama.cpp's Llama graph has no MLP biases");
        if (c.RotaryDim != c.HeadDim)
            throw SharpPruneException.InFile(Where(), $"rotary over {c.RotaryDim} of {c.HeadDim} head dimensions: llama.cpp's Llama graph rotates whole heads");
    }

    static bool HasUnequalLayers(ModelConfig c) => c.LayerIntermediateSizes is not null || c.LayerHeads is not null;

    protected override string Architecture(ModelConfig c) => HasUnequalLayers(c) ? Variable : Uniform;

    protected override IEnumerable<KeyValuePair<string, GgufValue>> Hyperparameters(ModelConfig c, string arch)
    {
        var layers = Enumerable.Range(0, c.NumLayers).ToList();
        GgufValue PerLayer(Func<int, int> of, int uniform) =>
            HasUnequalLayers(c) ? GgufValue.Ints(layers.Select(of).ToList()) : GgufValue.Of((uint)uniform);

        var entries = new List<KeyValuePair<string, GgufValue>>
        {
            new($"{arch}.vocab_size", GgufValue.Of((uint)c.VocabSize)),
            new($"{arch}.context_length", GgufValue.Of((uint)c.MaxPositions)),
            new($"{arch}.embedding_length", GgufValue.Of((uint)c.HiddenSize)),
            new($"{arch}.block_count", GgufValue.Of((uint)c.NumLayers)),
            new($"{arch}.feed_forward_length", PerLayer(c.IntermediateSizeOf, c.IntermediateSize)),
            new($"{arch}.attention.head_count", PerLayer(c.HeadsOf, c.NumHeads)),
            new($"{arch}.attention.head_count_kv", PerLayer(c.KvHeadsOf, c.NumKvHeads)),
            new($"{arch}.attention.key_length", GgufValue.Of((uint)c.HeadDim)),
            new($"{arch}.attention.value_length", GgufValue.Of((uint)c.HeadDim)),
            new($"{arch}.attention.layer_norm_rms_epsilon", GgufValue.Of((float)c.NormEps)),
            new($"{arch}.rope.dimension_count", GgufValue.Of((uint)c.HeadDim)),
            new($"{arch}.rope.freq_base", GgufValue.Of((float)c.RopeTheta)),
        };
        if (c.RopeScaling is { } scaling)
        {
            entries.Add(new($"{arch}.rope.scaling.type", GgufValue.Of("linear")));
            entries.Add(new($"{arch}.rope.scaling.factor", GgufValue.Of((float)scaling.Factor)));
        }
        return entries;
    }

    public override List<GgufTensor> Tensors(CausalLM model, GgufOutputType storage)
    {
        var lm = (LlamaForCausalLM)model;
        var c = lm.Config;
        var tensors = new List<GgufTensor>
        {
            Matrix("token_embd.weight", lm.model.embed_tokens.weight!, storage),
        };
        for (int i = 0; i < lm.model.layers.Count; i++)
        {
            var layer = lm.model.layers[i];
            var attention = layer.self_attn;
            string blk = $"blk.{i}.";
            tensors.Add(Vector(blk + "attn_norm.weight", layer.input_layernorm.weight));
            tensors.Add(Matrix(blk + "attn_q.weight", RotaryRows(attention.q_proj.weight!, attention.Heads), storage));
            tensors.Add(Matrix(blk + "attn_k.weight", RotaryRows(attention.k_proj.weight!, attention.KvHeads), storage));
            tensors.Add(Matrix(blk + "attn_v.weight", attention.v_proj.weight!, storage));
            tensors.Add(Matrix(blk + "attn_output.weight", attention.o_proj.weight!, storage));
            AddBias(tensors, blk + "attn_q.bias", attention.q_proj, b => RotaryRows(b, attention.Heads));
            AddBias(tensors, blk + "attn_k.bias", attention.k_proj, b => RotaryRows(b, attention.KvHeads));
            AddBias(tensors, blk + "attn_v.bias", attention.v_proj, b => b);
            AddBias(tensors, blk + "attn_output.bias", attention.o_proj, b => b);
            tensors.Add(Vector(blk + "ffn_norm.weight", layer.post_attention_layernorm.weight));
            tensors.Add(Matrix(blk + "ffn_gate.weight", layer.mlp.gate_proj.weight!, storage));
            tensors.Add(Matrix(blk + "ffn_up.weight", layer.mlp.up_proj.weight!, storage));
            tensors.Add(Matrix(blk + "ffn_down.weight", layer.mlp.down_proj.weight!, storage));
        }
        tensors.Add(Vector("output_norm.weight", lm.model.norm.weight));
        // Tied embeddings: llama.cpp uses token_embd for the output projection when output.weight is absent.
        if (!c.TieEmbeddings && lm.lm_head is { } head)
            tensors.Add(Matrix("output.weight", head.weight!, storage));
        return tensors;
    }

    /// <summary>
    /// Transformers' Llama rotates the first half of each head's dimensions with the second half; llama.cpp's rotates
    /// neighbouring pairs (2j, 2j+1). Reordering each head's rows as (0, d/2, 1, d/2+1, ...) makes llama.cpp's
    /// pairing act on exactly the pairs transformers rotates, so q·k (and the output) is unchanged.
    /// </summary>
    static Tensor RotaryRows(Tensor weight, int heads)
    {
        long rows = weight.shape[0];
        var shape = weight.shape;
        var split = new long[] { heads, 2, rows / heads / 2 }.Concat(shape.Skip(1)).ToArray();
        return weight.detach().reshape(split).transpose(1, 2).reshape(shape);
    }

    static void AddBias(List<GgufTensor> tensors, string name, Linear linear, Func<Tensor, Tensor> arrange)
    {
        if (linear.bias is { } bias) tensors.Add(Vector(name, arrange(bias)));
    }
}
