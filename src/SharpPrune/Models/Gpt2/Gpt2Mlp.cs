using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>c_proj(act(c_fc(x))). Weights held as [out, in]; the checkpoint's Conv1D [in, out] is transposed on load.</summary>
public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    public readonly Linear c_fc, c_proj;
    readonly Func<Tensor, Tensor> act;

    public Gpt2Mlp(ModelConfig c, int intermediate) : base(nameof(Gpt2Mlp))
    {
        c_fc = nn.Linear(c.HiddenSize, intermediate, hasBias: true);
        c_proj = nn.Linear(intermediate, c.HiddenSize, hasBias: true);
        act = Activations.Get(c.Activation);
        RegisterComponents();
    }

    public IReadOnlyList<Linear> Expanding => [c_fc];
    public Linear Contracting => c_proj;
    public Func<Tensor, Tensor>? IntermediateTransform { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = Intermediates.Freed(() => act(LinearInputs.Apply(c_fc, x)));
        return LinearInputs.Apply(c_proj, IntermediateTransform?.Invoke(a) ?? a).MoveToOuterDisposeScope();
    }
}
