using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>The HF activation names we implement, as tensor functions.</summary>
public static class Activations
{
    public static Func<Tensor, Tensor> Get(string name) => name switch
    {
        "silu" => x => nn.functional.silu(x),
        "gelu" => x => x.gelu(),
        // gelu_new, gelu_fast and gelu_pytorch_tanh are all the tanh approximation of GELU.
        "gelu_new" or "gelu_fast" or "gelu_pytorch_tanh" => x => x.gelu(TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        _ => throw new SharpPruneException($"unsupported activation '{name}'"),
    };

    /// <summary>
    /// The same functions overwriting their argument: the same kernels, so the same values, without a new
    /// intermediate-sized tensor. For a tensor nothing else holds, outside autograd (which needs the input).
    /// </summary>
    public static Func<Tensor, Tensor> GetInPlace(string name) => name switch
    {
        "silu" => x => x.silu_(),
        "gelu" => x => x.gelu_(),
        "gelu_new" or "gelu_fast" or "gelu_pytorch_tanh" => x => x.gelu_(TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => x => x.relu_(),
        _ => throw new SharpPruneException($"unsupported activation '{name}'"),
    };
}
