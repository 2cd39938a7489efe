using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>Separate q/k/v/o projections with grouped-query heads.</summary>
public sealed class LlamaAttention : nn.Module<Tensor, ForwardContext, Tensor>
{
    public readonly Linear q_proj, k_proj, v_proj, o_proj;
    readonly int heads, kvHeads, headDim, rotaryDim, layer;

    public LlamaAttention(ModelConfig c, int layer) : base(nameof(LlamaAttention))
    {
        (heads, kvHeads, headDim, rotaryDim, this.layer) = (c.NumHeads, c.NumKvHeads, c.HeadDim, c.RotaryDim, layer);
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, c.QkvBias);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.QkvBias);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.QkvBias);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, c.OutputBias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        var q = LinearInputs.Apply(q_proj, x).view(batch, time, heads, headDim).transpose(1, 2);
        var k = LinearInputs.Apply(k_proj, x).view(batch, time, kvHeads, headDim).transpose(1, 2);
        var v = LinearInputs.Apply(v_proj, x).view(batch, time, kvHeads, headDim).transpose(1, 2);
        var attended = CausalSelfAttention.Attend(q, k, v, ctx, layer, rotaryDim);
        return LinearInputs.Apply(o_proj, attended).MoveToOuterDisposeScope();
    }
}
