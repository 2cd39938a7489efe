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
}
