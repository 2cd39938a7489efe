using SharpPrune.Models;
using SharpPrune.Models.Gpt2;
using TorchSharp.Modules;

namespace SharpPrune.Export;

/// <summary>
/// A GPT-2 model as llama.cpp's <c>gpt2</c> architecture reads it: the learned positions as <c>position_embd</c>
/// (one row per position of <c>context_length</c>), LayerNorms and linears with biases, the fused qkv as it is
/// ([all q | all k | all v], as llama.cpp views it). The checkpoint's Conv1D [in, out] weights are held here as
/// [out, in] already (transposed on load), which is llama.cpp's layout. The head is always the token embedding, and
/// llama.cpp uses token_embd when output.weight is absent, so none is written.
/// </summary>
internal sealed class Gpt2Gguf : GgufMapping
{
    const string Arch = "gpt2";

    public override ModelFamily Family => ModelFamily.Gpt2;

    public override void Check(ModelConfig c, string modelDir)
    {
        RequireGelu(c, modelDir, "activation_function", Arch);
        RequireEqualLayers(c, modelDir, Arch);
    }

    protected override string Architecture(ModelConfig c) => Arch;

    protected override IEnumerable<KeyValuePair<string, GgufValue>> Hyperparameters(ModelConfig c, string arch) =>
        LayerNormHyperparameters(c, arch);

    public override List<GgufTensor> Tensors(CausalLM model, GgufOutputType storage)
    {
        var transformer = ((Gpt2LMHeadModel)model).transformer;
        var tensors = new List<GgufTensor>
        {
            Matrix("token_embd.weight", transformer.wte.weight!, storage),
            Matrix("position_embd.weight", transformer.wpe.weight!, storage),
        };
        for (int i = 0; i < transformer.h.Count; i++)
        {
            var block = transformer.h[i];
            string blk = $"blk.{i}.";
            AddNorm(tensors, blk + "attn_norm", block.ln_1);
            AddLinear(tensors, blk + "attn_qkv", block.attn.c_attn, storage);
            AddLinear(tensors, blk + "attn_output", block.attn.c_proj, storage);
            AddNorm(tensors, blk + "ffn_norm", block.ln_2);
            AddLinear(tensors, blk + "ffn_up", block.mlp.c_fc, storage);
            AddLinear(tensors, blk + "ffn_down", block.mlp.c_proj, storage);
        }
        AddNorm(tensors, "output_norm", transformer.ln_f);
        return tensors;
    }

    static void AddLinear(List<GgufTensor> tensors, string name, Linear linear, GgufOutputType storage)
    {
        tensors.Add(Matrix(name + ".weight", linear.weight!, storage));
        tensors.Add(Vector(name + ".bias", linear.bias!));
    }
}
