using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

public class SparseGptTests
{
    static (double[,] W, double[,] X) Problem(int rows, int cols, int tokens, int seed, int deadColumn = -1)
    {
        var random = new Random(seed);
        var w = new double[rows, cols];
        var x = new double[tokens, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) w[r, c] = random.NextDouble() * 2 - 1;
        for (int t = 0; t < tokens; t++)
        {
            double shared = random.NextDouble() * 2 - 1; // correlated inputs make the update matter
            for (int c = 0; c < cols; c++) x[t, c] = c == deadColumn ? 0 : 0.6 * shared + (random.NextDouble() * 2 - 1);
        }
        return (w, x);
    }

    static Tensor ToTensor(double[,] a) => tensor(a).to_type(ScalarType.Float32);

    static SparseGptSolver.Solution Solve(double[,] w, double[,] x, SparsityPattern pattern, int blockSize)
    {
        using var stats = new HessianStatistics(x.GetLength(1), CPU);
        stats.AddBatch(ToTensor(x));
        return SparseGptSolver.Solve(ToTensor(w), stats, pattern, recordSaliency: true, blockSize: blockSize);
    }

    [Fact]
    public void TheInverseFactorIsSharedUntilTheNextBatchAndOutlivesTheSolveThatMadeIt()
    {
        // q, k and v are solved on one statistics object: the second and third solves must reuse the first one's factor,
        // which must survive that solve's dispose scope, and a new batch must replace it.
        var random = new Random(3);
        var x = new double[40, 6];
        for (int t = 0; t < 40; t++) for (int c = 0; c < 6; c++) x[t, c] = random.NextDouble() - 0.5;
        using var stats = new HessianStatistics(6, CPU);
        stats.AddBatch(ToTensor(x));
        var w = new double[3, 6];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 6; c++) w[r, c] = random.NextDouble() - 0.5;
        using var once = SparseGptSolver.Solve(ToTensor(w), stats, new UnstructuredPattern(0.5, PruningScope.Row));
        var first = stats.InverseFactor(SparseGptSolver.DefaultDamping);
        Assert.True(first.Upper.abs().max().item<float>() > 0);
        using var twice = SparseGptSolver.Solve(ToTensor(w), stats, new UnstructuredPattern(0.5, PruningScope.Row));
        Assert.Same(first, stats.InverseFactor(SparseGptSolver.DefaultDamping));
        Assert.True((once.Weight == twice.Weight).all().item<bool>());
        stats.AddBatch(ToTensor(x));
        Assert.NotSame(first, stats.InverseFactor(SparseGptSolver.DefaultDamping));
    }

    [Fact]
    public void TheInverseFactorIsTheUpperCholeskyFactorOfTheDampedInverseHessian()
    {
        // 701 inputs: the triangular inverse splits in halves twice (350 | 351, then 175 | 175 and 175 | 176) before any
        // direct solve. The reference is the SparseGPT reference's own route, chol(cholesky_inverse(chol(H))), in float64.
        const int n = 701, tokens = 1500, dead = 123;
        var random = new Random(17);
        var x = new float[tokens * n];
        for (int t = 0; t < tokens; t++)
        {
            float shared = (float)random.NextDouble();
            for (int c = 0; c < n; c++) x[t * n + c] = c == dead ? 0 : 0.5f * shared + (float)random.NextDouble() - 0.5f;
        }
        using var stats = new HessianStatistics(n, CPU);
        stats.AddBatch(tensor(x).view(tokens, n));
        var factor = stats.InverseFactor(SparseGptSolver.DefaultDamping);

        var h = stats.H.to_type(ScalarType.Float64).clone();
        var diagonal = h.diagonal();
        diagonal[dead] = tensor(1.0);
        diagonal.add_(SparseGptSolver.DefaultDamping * diagonal.mean().item<double>());
        var expected = linalg.cholesky(cholesky_inverse(linalg.cholesky(h))).mT;
        var got = factor.Upper.to_type(ScalarType.Float64);
        Assert.Equal(0.0, got.tril(-1).abs().max().item<double>());
        double error = (got - expected).abs().max().item<double>(), scale = expected.abs().max().item<double>();
        Assert.True(error < 1e-4 * scale, $"max |U − U_ref| = {error} against max |U_ref| = {scale}");
        Assert.Equal(Enumerable.Range(0, n).Select(c => c == dead), factor.Dead.data<bool>().ToArray());
    }

    public static TheoryData<string> Scopes => ["matrix", "row", "nm"];

    [Theory]
    [MemberData(nameof(Scopes))]
    public void MatchesAnIndependentFloat64Reference(string scope)
    {
        // 16 columns in blocks of 8 are one group of blocks; 80 in blocks of 4 are groups of 32, 32 and 16, whose errors
        // reach the later groups' columns only at each group's end.
        foreach (var (dead, cols, block) in new[] { (-1, 16, 8), (5, 16, 8), (-1, 80, 4), (37, 80, 4) })
        {
            var (w, x) = Problem(rows: 6, cols: cols, tokens: 4 * cols, seed: 11, deadColumn: dead);
            SparsityPattern pattern = scope switch
            {
                "matrix" => new UnstructuredPattern(0.5, PruningScope.Matrix),
                "row" => new UnstructuredPattern(0.5, PruningScope.Row),
                _ => new NmPattern(2, 4),
            };
            var expected = ObsReference.Prune(w, x, 0.5, scope, blockSize: block, n: 2, m: 4);
            using var actual = Solve(w, x, pattern, blockSize: block);
            var mask = actual.Mask.to_type(ScalarType.Int32).data<int>().ToArray();
            var weights = actual.Weight.to_type(ScalarType.Float64).data<double>().ToArray();
            int i = 0;
            foreach (bool m in expected.Mask) Assert.Equal(m ? 1 : 0, mask[i++]);
            i = 0;
            foreach (double v in expected.Weight) Assert.Equal(v, weights[i++], 1e-5);
            // The saliency recorded for D-Pruner is the reference's at the moment of mask choice.
            var saliency = actual.Saliency!.to_type(ScalarType.Float64).data<double>().ToArray();
            i = 0;
            foreach (double v in expected.Saliency) { Assert.Equal(v, saliency[i++], Math.Max(1e-6, Math.Abs(v) * 1e-4)); }
        }
    }

    [Fact]
    public void MatrixScopeGivesExactlyFloorSTimesBlockZerosAndTwoFourGroupsHoldTwoZeros()
    {
        var (w, x) = Problem(rows: 8, cols: 32, tokens: 128, seed: 3);
        using (var s = Solve(w, x, new UnstructuredPattern(0.4, PruningScope.Matrix), blockSize: 16))
        {
            // Two blocks of 8×16: ⌊0.4·128⌋ = 51 each.
            Assert.Equal(102, (s.Weight == 0).sum().item<long>());
            Assert.Equal(102, s.Mask.sum().item<long>());
        }
        using var nm = Solve(w, x, new NmPattern(2, 4), blockSize: 16);
        Assert.True(((nm.Weight == 0).reshape(-1, 4).sum(dim: 1) >= 2).all().item<bool>());
    }

    [Fact]
    public void TheUpdateReconstructsBetterThanMaskingAlone()
    {
        var (w, x) = Problem(rows: 16, cols: 32, tokens: 256, seed: 7);
        using var s = Solve(w, x, new UnstructuredPattern(0.5, PruningScope.Matrix), blockSize: 16);
        var W = ToTensor(w);
        var X = ToTensor(x);
        double Error(Tensor pruned) => (X.matmul(W.t()) - X.matmul(pruned.t())).pow(2).sum().item<float>();
        var maskedOnly = W.masked_fill(s.Mask, 0);
        Assert.True(Error(s.Weight) < Error(maskedOnly), $"{Error(s.Weight)} vs {Error(maskedOnly)}");
    }

    [Fact]
    public void HessianOfTwoBatchesEqualsHessianOfTheirConcatenationAndTwoOverNXtX()
    {
        var (_, x) = Problem(rows: 1, cols: 5, tokens: 10, seed: 1);
        var all = ToTensor(x);
        using var split = new HessianStatistics(5, CPU);
        split.AddBatch(all.narrow(0, 0, 3));
        split.AddBatch(all.narrow(0, 3, 7));
        double byHand = 0;
        for (int t = 0; t < 10; t++) byHand += x[t, 1] * x[t, 3];
        Assert.Equal(2 * byHand / 10, split.H[1, 3].item<float>(), 5);
        using var whole = new HessianStatistics(5, CPU);
        whole.AddBatch(all);
        Assert.True(allclose(split.H, whole.H, rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void HessianBuiltFromUpperBlocksIsTheWholeSymmetricProduct()
    {
        // Blocks of 2 over 5 inputs: 3 block rows, the last one narrower, and a lower triangle that is only ever mirrored.
        var (_, x) = Problem(rows: 1, cols: 5, tokens: 12, seed: 3);
        var all = ToTensor(x);
        using var blocked = new HessianStatistics(5, CPU, blockWidth: 2);
        blocked.AddBatch(all.narrow(0, 0, 5));
        Assert.Equal(blocked.H[4, 1].item<float>(), blocked.H[1, 4].item<float>());
        blocked.AddBatch(all.narrow(0, 5, 7));
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                double byHand = 0;
                for (int t = 0; t < 12; t++) byHand += x[t, i] * x[t, j];
                Assert.Equal(2 * byHand / 12, blocked.H[i, j].item<float>(), 5);
            }
    }
}
