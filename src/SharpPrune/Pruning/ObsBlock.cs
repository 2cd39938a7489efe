using System.Numerics;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// The column-by-column part of SparseGPT's blocks, on managed arrays: q = w with masked entries
/// zeroed, err = (w − q)/U_ii, w[:, i:] −= err ⊗ U[i, i:]. Done in tensor ops this is ~10 tiny
/// native calls per column and dominates the run time; here it is a SIMD loop per row.
/// N:M groups are chosen as the walk reaches them, on the already-updated weights.
/// One instance serves every block of a matrix: its arrays are allocated once and shared with tensors
/// (<see cref="torch.frombuffer"/>), so a block moves in and out by libtorch copies. Fresh arrays per block
/// (rows × 128 floats, several MB each, in and out) went to the large-object heap every time: about 4 s of a 7B layer.
/// </summary>
internal sealed class ObsBlock : IDisposable
{
    readonly int rows;
    readonly float[] w, u, err;
    readonly bool[] mask;
    readonly float[]? groupSaliency;
    readonly Tensor wShared, uShared, errShared, maskShared;
    readonly Tensor? saliencyShared;
    readonly NmPattern? nm;
    int count;

    public ObsBlock(int rows, int maxWidth, NmPattern? nm)
    {
        this.rows = rows;
        this.nm = nm;
        w = new float[rows * maxWidth];
        err = new float[rows * maxWidth];
        mask = new bool[rows * maxWidth];
        u = new float[maxWidth * maxWidth];
        wShared = frombuffer(w, ScalarType.Float32);
        errShared = frombuffer(err, ScalarType.Float32);
        maskShared = frombuffer(mask, ScalarType.Bool);
        uShared = frombuffer(u, ScalarType.Float32);
        if (nm is not null)
        {
            groupSaliency = new float[rows * maxWidth];
            saliencyShared = frombuffer(groupSaliency, ScalarType.Float32);
        }
    }

    /// <summary>Takes the next block: its weights [rows, count], U's diagonal block [count, count] and its mask so far.</summary>
    public void Load(Tensor weights, Tensor upper, Tensor blockMask)
    {
        count = (int)weights.shape[1];
        if (nm is not null && count % nm.M != 0)
            throw new SharpPruneException($"pattern {nm} needs the block width {count} to be a multiple of {nm.M}");
        Weight.copy_(weights);
        View(uShared, count).copy_(upper);
        Mask.copy_(blockMask);
    }

    /// <summary>The block's weights: as loaded, then, after <see cref="Walk"/>, with its masked entries zeroed and the error pushed right.</summary>
    public Tensor Weight => View(wShared, rows);

    /// <summary>Each column's error (w − q)/U_ii from the walk: what the later columns absorb.</summary>
    public Tensor Error => View(errShared, rows);

    /// <summary>The block's mask (true = zeroed): as loaded, plus the N:M choices made during the walk.</summary>
    public Tensor Mask => View(maskShared, rows);

    /// <summary>The N:M group saliencies recorded during the walk; null for unstructured blocks (chosen before the walk).</summary>
    public Tensor? GroupSaliency => saliencyShared is null ? null : View(saliencyShared, rows);

    Tensor View(Tensor shared, int height) => shared.narrow(0, 0, (long)height * count).view(height, count);

    public void Walk()
    {
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, WalkRow);
    }

    void WalkRow(int r)
    {
        var row = w.AsSpan(r * count, count);
        for (int i = 0; i < count; i++)
        {
            if (nm is not null && i % nm.M == 0) ChooseGroup(r, row, i);
            float d = u[i * count + i];
            float q = mask[r * count + i] ? 0f : row[i];
            float e = (row[i] - q) / d;
            err[r * count + i] = e;
            Axpy(-e, u.AsSpan(i * count + i + 1, count - i - 1), row[(i + 1)..]);
            row[i] = q;
        }
    }

    void ChooseGroup(int r, Span<float> row, int at)
    {
        var salient = groupSaliency.AsSpan(r * count + at, nm!.M);
        for (int k = 0; k < nm.M; k++)
        {
            float d = u[(at + k) * count + at + k];
            salient[k] = row[at + k] * row[at + k] / (d * d);
        }
        // Equal saliencies keep column order, like MaskSelector's stable sort.
        var keys = salient.ToArray();
        var order = Enumerable.Range(0, nm.M).OrderBy(k => keys[k]).ThenBy(k => k).Take(nm.M - nm.N);
        foreach (int k in order) mask[r * count + at + k] = true;
    }

    static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    public void Dispose()
    {
        wShared.Dispose();
        errShared.Dispose();
        maskShared.Dispose();
        uShared.Dispose();
        saliencyShared?.Dispose();
    }
}
