using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>Gated MLP: down(act(gate(x)) · up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    public readonly Linear gate_proj, up_proj, down_proj;
    readonly Func<Tensor, Tensor> act, actInPlace;

    public LlamaMlp(ModelConfig c, int intermediate) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(c.HiddenSize, intermediate, c.MlpBias);
        up_proj = nn.Linear(c.HiddenSize, intermediate, c.MlpBias);
        down_proj = nn.Linear(intermediate, c.HiddenSize, c.MlpBias);
        act = Activations.Get(c.Activation);
        actInPlace = Activations.GetInPlace(c.Activation);
        RegisterComponents();
    }

    public IReadOnlyList<Linear> Expanding => [gate_proj, up_proj];
    public Linear Contracting => down_proj;
    public Func<Tensor, Tensor>? IntermediateTransform { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = Intermediates.Freed(() =>
        {
            var gate = LinearInputs.Apply(gate_proj, x);
            var up = LinearInputs.Apply(up_proj, x);
            // Without autograd the gate's output is this forward's alone: activating and gating it in place saves two
            // intermediate-sized tensors per layer, each a fresh mmap and its page faults (NativeAllocator).
            return is_grad_enabled() ? act(gate) * up : actInPlace(gate).mul_(up);
        });
        return LinearInputs.Apply(down_proj, IntermediateTransform?.Invoke(a) ?? a).MoveToOuterDisposeScope();
    }
}
