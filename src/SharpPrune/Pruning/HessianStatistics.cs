using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// H = (2/n)·Σ XᵀX over a linear's calibration inputs, kept as a running mean exactly as the
/// SparseGPT reference does (rescale by n/(n+t), add (√(2/(n+t))·X)ᵀ(…)), in float32 like the reference:
/// float64 would double the cost of the largest product in the calibration pass.
/// H is symmetric, so a batch adds only the blocks on and above the diagonal (column blocks of
/// <paramref name="blockWidth"/>) and the lower triangle is mirrored from them when <see cref="H"/> is read:
/// 55–63 % of the full product's work, which was a fifth of a 7B SparseGPT layer's time.
/// </summary>
public sealed class HessianStatistics(long inputs, Device device, long blockWidth = 1024) : ILinearStatistics
{
    readonly long size = inputs;
    readonly Tensor h = zeros(inputs, inputs, dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
    long tokens;
    bool mirrored = true;
    InverseHessianFactor? factor;

    /// <summary>The whole symmetric matrix (its lower triangle completed on the first read after a batch).</summary>
    public Tensor H
    {
        get
        {
            if (!mirrored)
            {
                using var _ = NewDisposeScope();
                for (long row = blockWidth; row < size; row += blockWidth)
                    for (long column = 0; column < row; column += blockWidth)
                        Block(row, column).copy_(Block(column, row).mT);
                mirrored = true;
            }
            return h;
        }
    }

    public long Tokens => tokens;

    /// <summary>
    /// SparseGPT's factor of H, computed on first use and kept until the next batch: q, k and v (gate and up) are solved on one
    /// factor instead of three (two); at 7B width that is four factorings a layer instead of seven (bench/RESULTS.md).
    /// </summary>
    public InverseHessianFactor InverseFactor(double damping)
    {
        if (factor?.Damping != damping)
        {
            factor?.Dispose();
            factor = InverseHessianFactor.Of(H, damping);
        }
        return factor;
    }

    public void AddBatch(Tensor inputs)
    {
        using var scope = NewDisposeScope();
        factor?.Dispose();
        factor = null;
        long t = inputs.shape[0];
        h.mul_((double)tokens / (tokens + t));
        tokens += t;
        var scaled = inputs.to_type(ScalarType.Float32) * Math.Sqrt(2.0 / tokens);
        for (long row = 0; row < size; row += blockWidth)
        {
            var left = Columns(scaled, row).t();
            for (long column = row; column < size; column += blockWidth)
                Block(row, column).addmm_(left, Columns(scaled, column), 1f, 1f);
        }
        mirrored = false;
    }

    Tensor Columns(Tensor x, long start) => x.narrow(1, start, Math.Min(blockWidth, size - start));

    /// <summary>The block of H at (row, column) block starts, a view.</summary>
    Tensor Block(long row, long column) => Columns(h, column).narrow(0, row, Math.Min(blockWidth, size - row));

    public void Dispose()
    {
        h.Dispose();
        factor?.Dispose();
    }
}
