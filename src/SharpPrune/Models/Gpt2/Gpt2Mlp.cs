using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>c_proj(act(c_fc(x))). Weights held as [out, in]; the checkpoint's Conv1D [in, out] is transposed on load.</summary>
public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    public readonly Linear c_fc, c_proj;
    readonly Func<Tensor, Tensor> act, actInPlace;

    public Gpt2Mlp(ModelConfig c, int intermediate) : base(nameof(Gpt2Mlp))
    {
        c_fc = nn.Linear(c.HiddenSize, intermediate, hasBias: true);
        c_proj = nn.Linear(intermediate, c.HiddenSize, hasBias: true);
        act = Activations.Get(c.Activation);
        actInPlace = Activations.GetInPlace(c.Activation);
        RegisterComponents();
    }

    public IReadOnlyList<Linear> Expanding => [c_fc];
    public Linear Contracting => c_proj;
    public Func<Tensor, Tensor>? IntermediateTransform { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Without autograd the expansion's output is this forward's alone, so it is activated in place (LlamaMlp).
        var a = Intermediates.Freed(() => (is_grad_enabled() ? act : actInPlace)(LinearInputs.Apply(c_fc, x)));
        return LinearInputs.Apply(c_proj, IntermediateTransform?.Invoke(a) ?? a).MoveToOuterDisposeScope();
    }
}
