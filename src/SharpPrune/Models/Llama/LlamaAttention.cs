using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>Separate q/k/v/o projections with grouped-query heads.</summary>
public sealed class LlamaAttention : nn.Module<Tensor, ForwardContext, Tensor>, IAttentionHeads
{
    public readonly Linear q_proj, k_proj, v_proj, o_proj;
    readonly int headDim, rotaryDim, layer;

    public LlamaAttention(ModelConfig c, int layer) : base(nameof(LlamaAttention))
    {
        (headDim, rotaryDim, this.layer) = (c.HeadDim, c.RotaryDim, layer);
        int heads = c.HeadsOf(layer), kvHeads = c.KvHeadsOf(layer);
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, c.QkvBias);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.QkvBias);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.QkvBias);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, c.OutputBias);
        RegisterComponents();
    }

    public int HeadDim => headDim;
    public int Heads => (int)(o_proj.weight!.shape[1] / headDim);
    public int KvHeads => (int)(k_proj.weight!.shape[0] / headDim);
    public IReadOnlyList<Linear> Inputs => [q_proj, k_proj, v_proj];
    public Linear Output => o_proj;
    public Func<Tensor, Tensor>? OutputTransform { get; set; }

    public IReadOnlyList<long[]> InputRows(IReadOnlyList<long> groups)
    {
        var query = HeadGroups.Rows(HeadGroups.QueryHeads(groups, Heads / KvHeads), headDim).ToArray();
        var keyValue = HeadGroups.Rows(groups, headDim).ToArray();
        return [query, keyValue, keyValue];
    }

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        Tensor Project(Linear projection) => LinearInputs.Apply(projection, x).view(batch, time, -1, headDim).transpose(1, 2);
        var attended = Intermediates.Freed(() => CausalSelfAttention.Attend(Project(q_proj), Project(k_proj), Project(v_proj), ctx, layer, rotaryDim));
        return LinearInputs.Apply(o_proj, OutputTransform?.Invoke(attended) ?? attended).MoveToOuterDisposeScope();
    }
}
