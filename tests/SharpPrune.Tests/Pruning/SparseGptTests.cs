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
        return SparseGptSolver.Solve(ToTensor(w), stats.H, pattern, recordSaliency: true, blockSize: blockSize);
    }

    public static TheoryData<string> Scopes => ["matrix", "row", "nm"];

    [Theory]
    [MemberData(nameof(Scopes))]
    public void MatchesAnIndependentFloat64Reference(string scope)
    {
        foreach (int dead in new[] { -1, 5 })
        {
            var (w, x) = Problem(rows: 6, cols: 16, tokens: 64, seed: 11, deadColumn: dead);
            SparsityPattern pattern = scope switch
            {
                "matrix" => new UnstructuredPattern(0.5, PruningScope.Matrix),
                "row" => new UnstructuredPattern(0.5, PruningScope.Row),
                _ => new NmPattern(2, 4),
            };
            var expected = ObsReference.Prune(w, x, 0.5, scope, blockSize: 8, n: 2, m: 4);
            using var actual = Solve(w, x, pattern, blockSize: 8);
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
