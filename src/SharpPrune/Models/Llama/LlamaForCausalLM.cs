using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>LlamaForCausalLM / MistralForCausalLM / Qwen2ForCausalLM.</summary>
public sealed class LlamaForCausalLM : CausalLM
{
    public readonly LlamaModel model;
    public readonly Linear? lm_head;

    public LlamaForCausalLM(ModelConfig c) : base(nameof(LlamaForCausalLM), c)
    {
        model = new LlamaModel(c);
        if (!c.TieEmbeddings) lm_head = nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public override IReadOnlyList<DecoderLayer> Layers => model.layers.ToArray();

    public override string LayerPrefix(int index) => $"model.layers.{index}.";

    public override Tensor Embed(Tensor ids, ForwardContext ctx) => model.embed_tokens.forward(ids);

    public override Tensor Head(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var normed = model.norm.forward(hidden);
        var logits = lm_head is null ? normed.matmul(model.embed_tokens.weight!.t()) : lm_head.forward(normed);
        return logits.MoveToOuterDisposeScope();
    }
}
