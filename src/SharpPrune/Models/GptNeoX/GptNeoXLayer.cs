using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>
/// Parallel residual (Pythia): x + attn(ln1(x)) + mlp(ln2(x)); sequential: the Llama-style chain.
/// </summary>
public sealed class GptNeoXLayer : DecoderLayer
{
    public readonly LayerNorm input_layernorm, post_attention_layernorm;
    public readonly GptNeoXAttention attention;
    public readonly GptNeoXMlp mlp;
    readonly bool parallel;

    public GptNeoXLayer(ModelConfig c, int index) : base(nameof(GptNeoXLayer), index)
    {
        input_layernorm = nn.LayerNorm(c.HiddenSize, c.NormEps);
        post_attention_layernorm = nn.LayerNorm(c.HiddenSize, c.NormEps);
        attention = new GptNeoXAttention(c, index);
        mlp = new GptNeoXMlp(c, c.IntermediateSizeOf(index));
        parallel = c.ParallelResidual;
        RegisterComponents();
    }

    public override IFeedForward FeedForward => mlp;

    public override IAttentionHeads Attention => attention;

    public override IReadOnlyList<(string Name, Linear Linear)> Linears =>
    [
        ("attention.query_key_value", attention.query_key_value), ("attention.dense", attention.dense),
        ("mlp.dense_h_to_4h", mlp.dense_h_to_4h), ("mlp.dense_4h_to_h", mlp.dense_4h_to_h),
    ];

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        var attended = Intermediates.Freed(() => attention.forward(input_layernorm.forward(x), ctx));
        var result = parallel
            ? x + attended + mlp.forward(post_attention_layernorm.forward(x))
            : (x + attended) is var h ? h + mlp.forward(post_attention_layernorm.forward(h)) : null!;
        return result.MoveToOuterDisposeScope();
    }
}
