using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>GPTNeoXForCausalLM (Pythia).</summary>
public sealed class GptNeoXForCausalLM : CausalLM
{
    public readonly GptNeoXModel gpt_neox;
    public readonly Linear? embed_out;

    public GptNeoXForCausalLM(ModelConfig c) : base(nameof(GptNeoXForCausalLM), c)
    {
        gpt_neox = new GptNeoXModel(c);
        if (!c.TieEmbeddings) embed_out = nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public override IReadOnlyList<DecoderLayer> Layers => gpt_neox.layers.ToArray();

    public override string LayerPrefix(int index) => $"gpt_neox.layers.{index}.";

    public override Tensor Embed(Tensor ids, ForwardContext ctx) => gpt_neox.embed_in.forward(ids);

    public override Tensor Head(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var normed = gpt_neox.final_layer_norm.forward(hidden);
        var logits = embed_out is null ? normed.matmul(gpt_neox.embed_in.weight!.t()) : embed_out.forward(normed);
        return logits.MoveToOuterDisposeScope();
    }
}
