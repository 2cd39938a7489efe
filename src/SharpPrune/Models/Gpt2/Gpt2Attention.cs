using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>Fused c_attn producing [all q | all k | all v], then c_proj.</summary>
public sealed class Gpt2Attention : nn.Module<Tensor, ForwardContext, Tensor>, IAttentionHeads
{
    public readonly Linear c_attn, c_proj;
    readonly int headDim, layer;

    public Gpt2Attention(ModelConfig c, int layer) : base(nameof(Gpt2Attention))
    {
        (headDim, this.layer) = (c.HeadDim, layer);
        int width = c.HeadsOf(layer) * headDim;
        c_attn = nn.Linear(c.HiddenSize, 3 * width, hasBias: true);
        c_proj = nn.Linear(width, c.HiddenSize, hasBias: true);
        RegisterComponents();
    }

    public int HeadDim => headDim;
    public int Heads => (int)(c_proj.weight!.shape[1] / headDim);
    public int KvHeads => Heads;
    public IReadOnlyList<Linear> Inputs => [c_attn];
    public Linear Output => c_proj;
    public Func<Tensor, Tensor>? OutputTransform { get; set; }

    /// <summary>The heads' rows in each of the q, k and v blocks, heads·headDim rows apart.</summary>
    public IReadOnlyList<long[]> InputRows(IReadOnlyList<long> groups)
    {
        long block = (long)Heads * headDim;
        return [Enumerable.Range(0, 3).SelectMany(b => HeadGroups.Rows(groups, headDim, b * block)).ToArray()];
    }

    public override Tensor forward(Tensor x, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], time = x.shape[1];
        Tensor Split(Tensor t) => t.view(batch, time, -1, headDim).transpose(1, 2);
        var attended = Intermediates.Freed(() =>
        {
            var parts = LinearInputs.Apply(c_attn, x).chunk(3, -1);
            return CausalSelfAttention.Attend(Split(parts[0]), Split(parts[1]), Split(parts[2]), ctx, layer, rotaryDim: 0);
        });
        return LinearInputs.Apply(c_proj, OutputTransform?.Invoke(attended) ?? attended).MoveToOuterDisposeScope();
    }
}
