using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>D-Pruner's final selection: the lowest-importance s fraction per matrix, or per block of 128 input columns.</summary>
public static class ImportanceMask
{
    public const int BlockWidth = 128;

    public static Tensor Select(Tensor importance, double sparsity, MaskScope scope)
    {
        if (scope == MaskScope.Matrix) return MaskSelector.Select(importance, new UnstructuredPattern(sparsity, PruningScope.Matrix));
        using var dispose = NewDisposeScope();
        long columns = importance.shape[1];
        var blocks = new List<Tensor>();
        for (long start = 0; start < columns; start += BlockWidth)
        {
            var block = importance.narrow(1, start, Math.Min(BlockWidth, columns - start));
            blocks.Add(MaskSelector.Select(block, new UnstructuredPattern(sparsity, PruningScope.Matrix)));
        }
        return cat(blocks, 1).MoveToOuterDisposeScope();
    }
}
