using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>The part of a weight or bias that structured removal keeps, as a new parameter of its own.</summary>
public static class ParameterSlice
{
    /// <summary>The entries at <paramref name="keep"/> along <paramref name="dim"/>, contiguous, owned by no dispose scope.</summary>
    public static Parameter Kept(Tensor t, int dim, long[] keep)
    {
        using var scope = NewDisposeScope();
        var index = tensor(keep, device: t.device);
        return new Parameter(t.index_select(dim, index).contiguous().DetachFromDisposeScope(), t.requires_grad);
    }
}
