using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>Pre-norm block: x + attn(ln_1(x)), then + mlp(ln_2(x)).</summary>
public sealed class Gpt2Block : DecoderLayer
{
    public readonly LayerNorm ln_1, ln_2;
    public readonly Gpt2Attention attn;
    public readonly Gpt2Mlp mlp;

    public Gpt2Block(ModelConfig c, int index) : base(nameof(Gpt2Block), index)
    {
        ln_1 = nn.LayerNorm(c.HiddenSize, c.NormEps);
        attn = new Gpt2Attention(c, index);
        ln_2 = nn.LayerNorm(c.HiddenSize, c.NormEps);
        mlp = new Gpt2Mlp(c, c.IntermediateSizeOf(index));
        RegisterComponents();
    }

    public override IFeedForward FeedForward => mlp;

    public override IAttentionHeads Attention => attn;

    public override IReadOnlyList<(string Name, Linear Linear)> Linears =>
    [
        ("attn.c_attn", attn.c_attn), ("attn.c_proj", attn.c_proj), ("mlp.c_fc", mlp.c_fc), ("mlp.c_proj", mlp.c_proj),
    ];

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        var h = Intermediates.Freed(() => x + attn.forward(ln_1.forward(x), ctx));
        return (h + mlp.forward(ln_2.forward(h))).MoveToOuterDisposeScope();
    }
}
