using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>
/// Fused query_key_value whose output rows are grouped per head as [q_h, k_h, v_h] (not [all q,
/// all k, all v]), then partial rotary and a dense output projection.
/// </summary>
public sealed class GptNeoXAttention : nn.Module<Tensor, ForwardContext, Tensor>
{
    public readonly Linear query_key_value, dense;
    readonly int heads, headDim, rotaryDim, layer;

    public GptNeoXAttention(ModelConfig c, int layer) : base(nameof(GptNeoXAttention))
    {
        (heads, headDim, rotaryDim, this.layer) = (c.NumHeads, c.HeadDim, c.RotaryDim, layer);
        query_key_value = nn.Linear(c.HiddenSize, 3 * c.HiddenSize, c.QkvBias);
        dense = nn.Linear(c.HiddenSize, c.HiddenSize, c.OutputBias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        var qkv = LinearInputs.Apply(query_key_value, x).view(batch, time, heads, 3 * headDim).transpose(1, 2);
        var parts = qkv.split(headDim, -1);
        var attended = CausalSelfAttention.Attend(parts[0], parts[1], parts[2], ctx, layer, rotaryDim);
        return LinearInputs.Apply(dense, attended).MoveToOuterDisposeScope();
    }
}
