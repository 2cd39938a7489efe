using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>dense_4h_to_h(act(dense_h_to_4h(x))).</summary>
public sealed class GptNeoXMlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    public readonly Linear dense_h_to_4h, dense_4h_to_h;
    readonly Func<Tensor, Tensor> act, actInPlace;

    public GptNeoXMlp(ModelConfig c, int intermediate) : base(nameof(GptNeoXMlp))
    {
        dense_h_to_4h = nn.Linear(c.HiddenSize, intermediate, c.MlpBias);
        dense_4h_to_h = nn.Linear(intermediate, c.HiddenSize, c.MlpBias);
        act = Activations.Get(c.Activation);
        actInPlace = Activations.GetInPlace(c.Activation);
        RegisterComponents();
    }

    public IReadOnlyList<Linear> Expanding => [dense_h_to_4h];
    public Linear Contracting => dense_4h_to_h;
    public Func<Tensor, Tensor>? IntermediateTransform { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Without autograd the expansion's output is this forward's alone, so it is activated in place (LlamaMlp).
        var a = Intermediates.Freed(() => (is_grad_enabled() ? act : actInPlace)(LinearInputs.Apply(dense_h_to_4h, x)));
        return LinearInputs.Apply(dense_4h_to_h, IntermediateTransform?.Invoke(a) ?? a).MoveToOuterDisposeScope();
    }
}
