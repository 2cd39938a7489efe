namespace SharpPrune.Tests.Pruning;

/// <summary>
/// An independent, deliberately plain float64 SparseGPT (OBS) written from the paper's procedure:
/// arrays and loops only, its own Cholesky and triangular inverse, no TorchSharp.
/// </summary>
internal static class ObsReference
{
    public sealed record Result(double[,] Weight, bool[,] Mask, double[,] Saliency);

    /// <param name="scope">"matrix", "row" or "nm" (then n, m); "fixed" takes <paramref name="fixedMask"/> as every block's mask.</param>
    public static Result Prune(double[,] w0, double[,] x, double sparsity, string scope, int blockSize, int n = 0, int m = 0, bool[,]? fixedMask = null)
    {
        int rows = w0.GetLength(0), cols = w0.GetLength(1), tokens = x.GetLength(0);
        var w = (double[,])w0.Clone();
        var h = new double[cols, cols];
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int t = 0; t < tokens; t++) s += x[t, i] * x[t, j];
                h[i, j] = 2.0 * s / tokens;
            }
        double meanDiag = 0;
        for (int j = 0; j < cols; j++)
        {
            if (h[j, j] == 0) { h[j, j] = 1; for (int r = 0; r < rows; r++) w[r, j] = 0; }
            meanDiag += h[j, j] / cols;
        }
        for (int j = 0; j < cols; j++) h[j, j] += 0.01 * meanDiag;
        var u = Transpose(Cholesky(Inverse(h)));
        var mask = fixedMask is null ? new bool[rows, cols] : (bool[,])fixedMask.Clone();
        var saliency = new double[rows, cols];
        for (int start = 0; start < cols; start += blockSize)
        {
            int end = Math.Min(start + blockSize, cols);
            var err = new double[rows, end - start];
            if (scope is "matrix" or "row") ChooseBlock(w, u, mask, saliency, start, end, sparsity, scope == "row");
            for (int i = start; i < end; i++)
            {
                if (scope == "nm" && (i - start) % m == 0) ChooseGroup(w, u, mask, saliency, i, n, m);
                for (int r = 0; r < rows; r++)
                {
                    double q = mask[r, i] ? 0 : w[r, i];
                    double e = (w[r, i] - q) / u[i, i];
                    for (int j = i; j < end; j++) w[r, j] -= e * u[i, j];
                    w[r, i] = q;
                    err[r, i - start] = e;
                }
            }
            for (int r = 0; r < rows; r++)
                for (int j = end; j < cols; j++)
                    for (int k = start; k < end; k++) w[r, j] -= err[r, k - start] * u[k, j];
        }
        return new Result(w, mask, saliency);
    }

    /// <summary>OBS reconstruction with the mask given: the same walk, no choice.</summary>
    public static Result Reconstruct(double[,] w0, double[,] x, bool[,] mask, int blockSize) =>
        Prune(w0, x, 0, "fixed", blockSize, fixedMask: mask);

    static void ChooseBlock(double[,] w, double[,] u, bool[,] mask, double[,] sal, int start, int end, double s, bool perRow)
    {
        int rows = w.GetLength(0), width = end - start;
        var entries = new List<(double Value, int Row, int Col)>();
        for (int r = 0; r < rows; r++)
            for (int c = start; c < end; c++)
            {
                sal[r, c] = w[r, c] * w[r, c] / (u[c, c] * u[c, c]);
                entries.Add((sal[r, c], r, c));
            }
        if (perRow)
            for (int r = 0; r < rows; r++)
                foreach (var e in entries.Where(e => e.Row == r).OrderBy(e => e.Value).Take((int)Math.Floor(s * width))) mask[e.Row, e.Col] = true;
        else
            foreach (var e in entries.OrderBy(e => e.Value).Take((int)Math.Floor(s * rows * width))) mask[e.Row, e.Col] = true;
    }

    static void ChooseGroup(double[,] w, double[,] u, bool[,] mask, double[,] sal, int at, int n, int m)
    {
        for (int r = 0; r < w.GetLength(0); r++)
        {
            for (int c = at; c < at + m; c++) sal[r, c] = w[r, c] * w[r, c] / (u[c, c] * u[c, c]);
            foreach (int c in Enumerable.Range(at, m).OrderBy(c => sal[r, c]).Take(m - n)) mask[r, c] = true;
        }
    }

    static double[,] Cholesky(double[,] a)
    {
        int k = a.GetLength(0);
        var l = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int p = 0; p < j; p++) s -= l[i, p] * l[j, p];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        return l;
    }

    static double[,] Inverse(double[,] a)
    {
        // A⁻¹ = L⁻ᵀ L⁻¹ with L lower-triangular from Cholesky.
        var l = Cholesky(a);
        int k = l.GetLength(0);
        var li = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            li[i, i] = 1 / l[i, i];
            for (int j = 0; j < i; j++)
            {
                double s = 0;
                for (int p = j; p < i; p++) s -= l[i, p] * li[p, j];
                li[i, j] = s / l[i, i];
            }
        }
        var inv = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                for (int p = Math.Max(i, j); p < k; p++) inv[i, j] += li[p, i] * li[p, j];
        return inv;
    }

    static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }
}
