using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>Fused c_attn producing [all q | all k | all v], then c_proj.</summary>
public sealed class Gpt2Attention : nn.Module<Tensor, ForwardContext, Tensor>
{
    public readonly Linear c_attn, c_proj;
    readonly int heads, headDim, layer;
    readonly long hidden;

    public Gpt2Attention(ModelConfig c, int layer) : base(nameof(Gpt2Attention))
    {
        (heads, headDim, hidden, this.layer) = (c.NumHeads, c.HeadDim, c.HiddenSize, layer);
        c_attn = nn.Linear(c.HiddenSize, 3 * c.HiddenSize, hasBias: true);
        c_proj = nn.Linear(c.HiddenSize, c.HiddenSize, hasBias: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        var parts = LinearInputs.Apply(c_attn, x).split(hidden, -1);
        Tensor Heads(Tensor t) => t.view(batch, time, heads, headDim).transpose(1, 2);
        var attended = CausalSelfAttention.Attend(Heads(parts[0]), Heads(parts[1]), Heads(parts[2]), ctx, layer, rotaryDim: 0);
        return LinearInputs.Apply(c_proj, attended).MoveToOuterDisposeScope();
    }
}
