using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>Llama's RMSNorm: x / sqrt(mean(x²) + eps) · weight, computed in float32 as HF does.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly double eps;
    public readonly Parameter weight;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(ones(size));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Half precisions are normalized in float32, as transformers does; float64 stays float64 so derivative checks
        // (finite differences in attribution tests) see no float32 rounding.
        var x32 = x.dtype == ScalarType.Float64 ? x : x.to_type(ScalarType.Float32);
        var normed = (x32 * rsqrt(x32.Squared().mean([-1L], keepdim: true) + eps)).to_type(x.dtype);
        // Scaled in place when autograd is off (it needs normed for the weight's gradient) and the dtypes agree
        // (the product would otherwise promote): one hidden-sized tensor fewer per norm.
        bool inPlace = !is_grad_enabled() && normed.dtype == weight.dtype;
        return (inPlace ? normed.mul_(weight) : weight * normed).MoveToOuterDisposeScope();
    }
}
