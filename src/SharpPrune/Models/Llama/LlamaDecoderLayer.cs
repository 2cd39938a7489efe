using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>Pre-norm block: x + attn(norm(x)), then + mlp(norm(x)).</summary>
public sealed class LlamaDecoderLayer : DecoderLayer
{
    public readonly LlamaAttention self_attn;
    public readonly LlamaMlp mlp;
    public readonly RmsNorm input_layernorm, post_attention_layernorm;

    public LlamaDecoderLayer(ModelConfig c, int index) : base(nameof(LlamaDecoderLayer), index)
    {
        self_attn = new LlamaAttention(c, index);
        mlp = new LlamaMlp(c, c.IntermediateSizeOf(index));
        input_layernorm = new RmsNorm(c.HiddenSize, c.NormEps);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.NormEps);
        RegisterComponents();
    }

    public override IFeedForward FeedForward => mlp;

    public override IAttentionHeads Attention => self_attn;

    public override IReadOnlyList<(string Name, Linear Linear)> Linears =>
    [
        ("self_attn.q_proj", self_attn.q_proj), ("self_attn.k_proj", self_attn.k_proj),
        ("self_attn.v_proj", self_attn.v_proj), ("self_attn.o_proj", self_attn.o_proj),
        ("mlp.gate_proj", mlp.gate_proj), ("mlp.up_proj", mlp.up_proj), ("mlp.down_proj", mlp.down_proj),
    ];

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        var h = Intermediates.Freed(() => x + self_attn.forward(input_layernorm.forward(x), ctx));
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}
