using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Frees a computation's intermediate tensors as soon as its result exists, rather than when the enclosing forward's
/// dispose scope ends. A forward's peak then holds, e.g., only the MLP's gated product while down_proj runs, not also
/// gate's and up's outputs — which matters most where many forwards wait at once (the true-sequential walker).
/// Autograd keeps its own references to what the backward needs, so this is safe under training too.
/// </summary>
public static class Intermediates
{
    public static Tensor Freed(Func<Tensor> compute)
    {
        using var scope = NewDisposeScope();
        return compute().MoveToOuterDisposeScope();
    }
}
