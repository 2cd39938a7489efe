using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// SparseGPT's OBS reconstruction (Frantar &amp; Alistarh, 2023) on one weight matrix: walk column
/// blocks, choose each block's mask by saliency W²/U_jj² (U the upper Cholesky factor of H⁻¹),
/// zero the masked weights one column at a time while pushing each column's error onto the
/// block's remaining columns (<see cref="ObsBlock"/>), then onto the later columns in products (<see cref="BlocksPerGroup"/>).
/// Unstructured Matrix scope zeros ⌊s·rows·B⌋ entries of every block (so ⌊s·size⌋ in all when
/// the width is a multiple of B and s·rows·B is whole); Row scope ⌊s·B⌋ per row per block.
/// </summary>
public static class SparseGptSolver
{
    public const int DefaultBlockSize = 128;
    public const double DefaultDamping = 0.01;

    /// <summary>The reconstructed weight, its mask (true = zeroed), and, when asked, each weight's saliency at the moment its mask was chosen.</summary>
    public sealed record Solution(Tensor Weight, Tensor Mask, Tensor? Saliency) : IDisposable
    {
        public void Dispose()
        {
            Weight.Dispose();
            Mask.Dispose();
            Saliency?.Dispose();
        }
    }

    public static Solution Solve(Tensor weight, HessianStatistics hessian, SparsityPattern pattern, bool recordSaliency = false,
        int blockSize = DefaultBlockSize, double damping = DefaultDamping)
    {
        if (pattern is UnstructuredPattern { Scope: PruningScope.Global })
            throw new SharpPruneException("--scope global is only supported for magnitude");
        return Walk(weight, hessian, pattern, null, recordSaliency, blockSize, damping);
    }

    /// <summary>
    /// The same OBS walk with the mask given (true = zero) instead of chosen: the kept weights absorb the removed ones'
    /// error, the masked ones end at exactly 0. Dead inputs (H_jj = 0) are zeroed as in <see cref="Solve"/>.
    /// </summary>
    public static Tensor Reconstruct(Tensor weight, HessianStatistics hessian, Tensor mask, int blockSize = DefaultBlockSize, double damping = DefaultDamping)
    {
        if (!mask.shape.SequenceEqual(weight.shape))
            throw new ArgumentException($"mask [{string.Join(", ", mask.shape)}] does not match the weight [{string.Join(", ", weight.shape)}]");
        using var scope = NewDisposeScope();
        var solution = Walk(weight, hessian, null, mask.to_type(ScalarType.Bool).to(weight.device), recordSaliency: false, blockSize, damping);
        return solution.Weight.MoveToOuterDisposeScope();
    }

    /// <param name="fixedMask">When given, every block's mask is read from it and <paramref name="pattern"/> is unused.</param>
    static Solution Walk(Tensor weight, HessianStatistics hessian, SparsityPattern? pattern, Tensor? fixedMask, bool recordSaliency, int blockSize, double damping)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long rows = weight.shape[0], columns = weight.shape[1];
        var w = weight.to_type(ScalarType.Float32).clone();
        var factor = hessian.InverseFactor(damping);
        var u = factor.Upper;
        w.masked_fill_(factor.Dead.unsqueeze(0), 0);
        var mask = zeros(rows, columns, dtype: ScalarType.Bool, device: w.device);
        var saliency = recordSaliency ? zeros(rows, columns, dtype: ScalarType.Float32, device: w.device) : null;
        using var block = new ObsBlock((int)rows, (int)Math.Min(blockSize, columns), pattern as NmPattern);
        long group = (long)blockSize * BlocksPerGroup;
        var groupError = empty(rows, Math.Min(group, columns), dtype: ScalarType.Float32, device: w.device);
        for (long start = 0; start < columns; start += blockSize)
        {
            using var blockScope = NewDisposeScope();
            int count = (int)Math.Min(blockSize, columns - start);
            var u1 = u.narrow(0, start, count).narrow(1, start, count);
            var mask1 = mask.narrow(1, start, count);
            if (fixedMask is not null) mask1.copy_(fixedMask.narrow(1, start, count));
            else if (pattern is UnstructuredPattern unstructured)
            {
                var salient = w.narrow(1, start, count).Squared() / u1.diagonal().Squared().unsqueeze(0);
                saliency?.narrow(1, start, count).copy_(salient);
                mask1.copy_(unstructured.Scope == PruningScope.Row
                    ? MaskSelector.LowestPerRow(salient, (long)Math.Floor(unstructured.Sparsity * count))
                    : MaskSelector.LowestOf(salient.flatten(), (long)Math.Floor(unstructured.Sparsity * salient.numel())).view(rows, count));
            }
            block.Load(w.narrow(1, start, count), u1, mask1);
            block.Walk();
            mask1.copy_(block.Mask);
            if (saliency is not null && block.GroupSaliency is { } groups) saliency.narrow(1, start, count).copy_(groups);
            w.narrow(1, start, count).copy_(block.Weight);
            long groupStart = start / group * group, groupEnd = Math.Min(columns, groupStart + group), end = start + count;
            var blockError = groupError.narrow(1, start - groupStart, count);
            blockError.copy_(block.Error);
            if (end < groupEnd) Push(w, blockError, u, start, end, groupEnd);
            if (end == groupEnd && end < columns) Push(w, groupError.narrow(1, 0, groupEnd - groupStart), u, groupStart, end, columns);
        }
        return new Solution(w.to_type(weight.dtype).MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), saliency?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Columns beyond the current group of this many blocks are only read once the walk reaches them, so the group's errors
    /// reach them at its end in one product (depth 1024 at the default block), rather than block by block: the same
    /// arithmetic (GPTQ's "lazy batch"), with the far columns read and written an eighth as often.
    /// </summary>
    const int BlocksPerGroup = 8;

    /// <summary>w[:, to..end) −= error · U[from.., to..end), the errors of the columns from <paramref name="from"/> on; in place, one GEMM into the strided slice.</summary>
    static void Push(Tensor w, Tensor error, Tensor u, long from, long to, long end) =>
        w.narrow(1, to, end - to).addmm_(error, u.narrow(0, from, error.shape[1]).narrow(1, to, end - to), beta: 1, alpha: -1);
}
