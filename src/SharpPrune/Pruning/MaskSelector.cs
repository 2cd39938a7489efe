using System.Buffers;
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
    public static Tensor LowestPerRow(Tensor scores, long k) =>
        scores.dtype == ScalarType.Float64 ? LowestPerRow<double, DoubleKey>(scores, k, ScalarType.Float64) : LowestPerRow<float, FloatKey>(scores, k, ScalarType.Float32);

    /// <summary>Boolean mask of the <paramref name="k"/> lowest entries of a vector.</summary>
    public static Tensor LowestOf(Tensor scores, long k)
    {
        using var scope = NewDisposeScope();
        return LowestPerRow(scores.unsqueeze(0), k).squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rows go a slice at a time through managed buffers (<see cref="LowestSelection"/>, rows in parallel). libtorch's
    /// kthvalue, the selection before this, copied every slice and allocated int64 positions beside it, and counting a
    /// mask's entries made an int64 copy: fresh pages each time (<c>NativeAllocator</c>), which made Wanda's selection a
    /// third of its pruning time on a 7B layer and most of its page faults (bench/RESULTS.md).
    /// </summary>
    static Tensor LowestPerRow<T, TKey>(Tensor scores, long k, ScalarType dtype) where TKey : IOrderedKey<T>
    {
        using var scope = NewDisposeScope();
        long rows = scores.shape[0], width = scores.shape[1];
        var mask = zeros(rows, width, dtype: ScalarType.Bool, device: scores.device);
        if (k == 0 || rows == 0) return mask.MoveToOuterDisposeScope();
        if (width > Array.MaxLength)
            throw new SharpPruneException($"a ranking of {width} scores at once is more than one array holds ({Array.MaxLength}); rank per matrix or per row instead");
        long sliceRows = Math.Clamp(SliceElements / width, 1, rows);
        int length = (int)(sliceRows * width), w = (int)width, lowest = (int)k;
        // Pooled: SparseGPT selects a flattened block 32 times a matrix, and fresh arrays of this size are large-object-heap
        // allocations, zeroed and paged in each time.
        var values = ArrayPool<T>.Shared.Rent(length);
        var chosen = ArrayPool<bool>.Shared.Rent(length);
        try
        {
            using var valuesShared = frombuffer(values, dtype, count: length);
            using var chosenShared = frombuffer(chosen, ScalarType.Bool, count: length);
            for (long start = 0; start < rows; start += sliceRows)
            {
                using var sliceScope = NewDisposeScope();
                long count = Math.Min(sliceRows, rows - start);
                valuesShared.narrow(0, 0, count * width).view(count, width).copy_(scores.narrow(0, start, count));
                // Rows go to threads a row at a time; a single row (a flattened matrix or block) is split instead.
                if (count == 1) LowestSelection.MarkInParallel<T, TKey>(values, 0, w, lowest, chosen);
                else Parallel.For(0, (int)count, r => LowestSelection.Mark<T, TKey>(values.AsSpan(r * w, w), lowest, chosen.AsSpan(r * w, w)));
                mask.narrow(0, start, count).copy_(chosenShared.narrow(0, 0, count * width).view(count, width));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(values);
            ArrayPool<bool>.Shared.Return(chosen);
        }
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Scores per slice of rows: 4 MB of float32, reused for every slice.</summary>
    const long SliceElements = 1 << 20;

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
