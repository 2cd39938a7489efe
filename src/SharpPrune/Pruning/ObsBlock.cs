using System.Numerics;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// The column-by-column part of one SparseGPT block, on managed arrays: q = w with masked entries
/// zeroed, err = (w − q)/U_ii, w[:, i:] −= err ⊗ U[i, i:]. Done in tensor ops this is ~10 tiny
/// native calls per column and dominates the run time; here it is a SIMD loop per row.
/// N:M groups are chosen as the walk reaches them, on the already-updated weights.
/// </summary>
internal sealed class ObsBlock
{
    readonly int rows, count;
    readonly float[] w, u, err;
    readonly bool[] mask;
    readonly NmPattern? nm;
    readonly float[]? groupSaliency;

    public ObsBlock(Tensor weights, Tensor upper, Tensor mask, NmPattern? nm)
    {
        rows = (int)weights.shape[0];
        count = (int)weights.shape[1];
        w = weights.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        u = upper.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        this.mask = mask.cpu().contiguous().data<bool>().ToArray();
        err = new float[rows * count];
        this.nm = nm;
        if (nm is not null)
        {
            if (count % nm.M != 0) throw new SharpPruneException($"pattern {nm} needs the block width {count} to be a multiple of {nm.M}");
            groupSaliency = new float[rows * count];
        }
    }

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

    public Tensor WeightTensor(Device device) => tensor(w).view(rows, count).to(device);

    public Tensor ErrorTensor(Device device) => tensor(err).view(rows, count).to(device);

    public Tensor MaskTensor(Device device) => tensor(mask).view(rows, count).to(device);

    /// <summary>The N:M group saliencies recorded during the walk; null for unstructured blocks (chosen before the walk).</summary>
    public Tensor? GroupSaliency(Device device) => groupSaliency is null ? null : tensor(groupSaliency).view(rows, count).to(device);
}
