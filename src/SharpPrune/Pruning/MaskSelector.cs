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
        // Rows are independent, so they go a slice at a time: every temporary (the selection's copy, the int64 counts)
        // stays small enough for the allocator to reuse, where whole-matrix ones were fresh pages each time.
        using var scope = NewDisposeScope();
        var mask = empty_like(scores, dtype: ScalarType.Bool);
        long rows = scores.shape[0], slice = Math.Max(1, SliceElements / Math.Max(1, scores.shape[1]));
        for (long start = 0; start < rows; start += slice)
        {
            using var sliceScope = NewDisposeScope();
            long count = Math.Min(slice, rows - start);
            mask.narrow(0, start, count).copy_(Lowest(scores.narrow(0, start, count), k, dim: 1));
        }
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Scores per slice of rows: 4 MB of float32, under glibc's 32 MB ceiling for reusing freed memory.</summary>
    const long SliceElements = 1 << 20;

    /// <summary>Boolean mask of the <paramref name="k"/> lowest entries of a vector.</summary>
    public static Tensor LowestOf(Tensor scores, long k) => Lowest(scores, k, dim: 0);

    /// <summary>
    /// The first <paramref name="k"/> entries of a stable ascending sort along <paramref name="dim"/>, found without sorting:
    /// the k-th lowest value (a linear-time selection), every entry below it, and of the entries equal to it as many as
    /// are still missing, first by position. Sorting was a third of a 7B SparseGPT layer's time and half a forward's
    /// worth of Wanda's (bench/RESULTS.md); this is a few passes.
    /// </summary>
    static Tensor Lowest(Tensor scores, long k, int dim)
    {
        using var scope = NewDisposeScope();
        if (k == 0) return zeros_like(scores, dtype: ScalarType.Bool).MoveToOuterDisposeScope();
        var threshold = scores.kthvalue(k, dim, keepdim: true).values;
        var mask = scores < threshold;
        var tied = scores == threshold;
        var missing = k - mask.sum(dim, keepdim: true, type: ScalarType.Int64);
        // Usually the k-th value is the only one of its kind; position has to decide only where more tie than are missing.
        if ((tied.sum(dim, keepdim: true, type: ScalarType.Int64) > missing).any().item<bool>())
            tied.logical_and_(tied.cumsum(dim, type: ScalarType.Int32) <= missing);
        mask.logical_or_(tied);
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
