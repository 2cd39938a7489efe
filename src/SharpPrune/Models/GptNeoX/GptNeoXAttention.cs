using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>
/// Fused query_key_value whose output rows are grouped per head as [q_h, k_h, v_h] (not [all q,
/// all k, all v]), then partial rotary and a dense output projection.
/// </summary>
public sealed class GptNeoXAttention : nn.Module<Tensor, ForwardContext, Tensor>, IAttentionHeads
{
    public readonly Linear query_key_value, dense;
    readonly int headDim, rotaryDim, layer;

    public GptNeoXAttention(ModelConfig c, int layer) : base(nameof(GptNeoXAttention))
    {
        (headDim, rotaryDim, this.layer) = (c.HeadDim, c.RotaryDim, layer);
        int width = c.HeadsOf(layer) * headDim;
        query_key_value = nn.Linear(c.HiddenSize, 3 * width, c.QkvBias);
        dense = nn.Linear(width, c.HiddenSize, c.OutputBias);
        RegisterComponents();
    }

    public int HeadDim => headDim;
    public int Heads => (int)(dense.weight!.shape[1] / headDim);
    public int KvHeads => Heads;
    public IReadOnlyList<Linear> Inputs => [query_key_value];
    public Linear Output => dense;
    public Func<Tensor, Tensor>? OutputTransform { get; set; }

    /// <summary>A head's q, k and v rows are one block of 3·headDim.</summary>
    public IReadOnlyList<long[]> InputRows(IReadOnlyList<long> groups) => [HeadGroups.Rows(groups, 3 * headDim).ToArray()];

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        var attended = Intermediates.Freed(() =>
        {
            var parts = LinearInputs.Apply(query_key_value, x).view(batch, time, -1, 3 * headDim).transpose(1, 2).split(headDim, -1);
            return CausalSelfAttention.Attend(parts[0], parts[1], parts[2], ctx, layer, rotaryDim);
        });
        return LinearInputs.Apply(dense, OutputTransform?.Invoke(attended) ?? attended).MoveToOuterDisposeScope();
    }
}
