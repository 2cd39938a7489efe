using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Turns importance scores into a pruning mask (true = set to zero) for a pattern: the lowest
/// scores per row / per matrix, or the M−N lowest of every group of M inputs in a row. Ties are
/// broken by position (stable sort), so the same scores always give the same mask.
/// </summary>
public static class MaskSelector
{
    /// <param name="scores">[out, in]; higher = more important.</param>
    public static Tensor Select(Tensor scores, SparsityPattern pattern)
    {
        using var scope = NewDisposeScope();
        var mask = pattern switch
        {
            UnstructuredPattern { Scope: PruningScope.Row } u => LowestPerRow(scores, (long)Math.Floor(u.Sparsity * scores.shape[1])),
            UnstructuredPattern u => LowestOf(scores.flatten(), (long)Math.Floor(u.Sparsity * scores.numel())).view(scores.shape),
            NmPattern nm => NmMask(scores, nm),
            _ => throw new ArgumentOutOfRangeException(nameof(pattern)),
        };
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Boolean mask of the <paramref name="k"/> lowest entries of each row.</summary>
    public static Tensor LowestPerRow(Tensor scores, long k)
    {
        using var scope = NewDisposeScope();
        var mask = zeros_like(scores, dtype: ScalarType.Bool);
        if (k > 0)
        {
            var (_, order) = scores.sort(dim: 1, descending: false, stable: true);
            mask.scatter_(1, order.narrow(1, 0, k), ones(scores.shape[0], k, dtype: ScalarType.Bool, device: scores.device));
        }
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Boolean mask of the <paramref name="k"/> lowest entries of a vector.</summary>
    public static Tensor LowestOf(Tensor scores, long k)
    {
        using var scope = NewDisposeScope();
        var mask = zeros_like(scores, dtype: ScalarType.Bool);
        if (k > 0)
        {
            var (_, order) = scores.sort(dim: 0, descending: false, stable: true);
            mask.index_fill_(0, order.narrow(0, 0, k), true);
        }
        return mask.MoveToOuterDisposeScope();
    }

    static Tensor NmMask(Tensor scores, NmPattern nm)
    {
        long rows = scores.shape[0], cols = scores.shape[1];
        if (cols % nm.M != 0)
            throw new SharpPruneException($"pattern {nm} needs the input width to be a multiple of {nm.M}; a matrix has {cols} inputs");
        using var scope = NewDisposeScope();
        var groups = scores.reshape(rows * cols / nm.M, nm.M);
        return LowestPerRow(groups, nm.M - nm.N).reshape(rows, cols).MoveToOuterDisposeScope();
    }
}
