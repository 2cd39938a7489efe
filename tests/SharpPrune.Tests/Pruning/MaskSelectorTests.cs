using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

public class MaskSelectorTests
{
    [Fact]
    public void RowScopeZerosTheLowestFloorSTimesWidthOfEveryRow()
    {
        var scores = tensor(new float[,] { { 5, 1, 4, 2, 3 }, { 0, 9, 8, 7, 6 } });
        var mask = MaskSelector.Select(scores, new UnstructuredPattern(0.5, PruningScope.Row));
        // ⌊0.5·5⌋ = 2 per row: {1,2} in row 0, {0,6} in row 1.
        Assert.Equal(new[] { false, true, false, true, false, true, false, false, false, true }, mask.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void MatrixScopeZerosTheLowestOfTheWholeMatrix()
    {
        var scores = tensor(new float[,] { { 5, 1, 4 }, { 0, 9, 8 } });
        var mask = MaskSelector.Select(scores, new UnstructuredPattern(0.5, PruningScope.Matrix));
        // ⌊0.5·6⌋ = 3 lowest: 1, 4 and 0.
        Assert.Equal(new[] { false, true, true, true, false, false }, mask.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void NmKeepsTheNLargestOfEveryGroupOfM()
    {
        var scores = tensor(new float[,] { { 4, 3, 2, 1, 1, 2, 3, 4 } });
        var mask = MaskSelector.Select(scores, new NmPattern(2, 4));
        Assert.Equal(new[] { false, false, true, true, true, true, false, false }, mask.flatten().data<bool>().ToArray());
    }

    [Fact]
    public void TiesAreBrokenByPositionSoMasksAreReproducible()
    {
        var scores = ones(1, 6);
        var mask = MaskSelector.Select(scores, new UnstructuredPattern(0.5, PruningScope.Row));
        Assert.Equal(new[] { true, true, true, false, false, false }, mask.flatten().data<bool>().ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(48)]
    [InlineData(97)]
    public void RowSelectionIsTheStartOfAStableSortEvenAmongManyTies(int k)
    {
        // Scores drawn from five values (with −0 beside +0) tie everywhere; the reference is LINQ's stable OrderBy per row.
        const int rows = 40, width = 97;
        var random = new Random(7);
        var values = Enumerable.Range(0, rows * width).Select(_ => random.Next(5) switch { 0 => -0f, 1 => 0f, var v => (float)v }).ToArray();
        var mask = MaskSelector.LowestPerRow(tensor(values).view(rows, width), k).flatten().data<bool>().ToArray();
        for (int r = 0; r < rows; r++)
        {
            var lowest = Enumerable.Range(0, width).OrderBy(c => values[r * width + c]).Take(k).ToHashSet();
            for (int c = 0; c < width; c++) Assert.Equal(lowest.Contains(c), mask[r * width + c]);
        }
    }

    [Fact]
    public void RowSelectionOverSeveralSlicesOfRowsIsTheStartOfAStableSort()
    {
        // 300 × 5000 is 1.5 M scores: more than one slice of rows, the second one shorter.
        const int rows = 300, width = 5000, k = 2500;
        var random = new Random(5);
        var values = Enumerable.Range(0, rows * width).Select(_ => (float)random.Next(3)).ToArray();
        var mask = MaskSelector.LowestPerRow(tensor(values).view(rows, width), k).flatten().data<bool>().ToArray();
        for (int r = 0; r < rows; r += 37)
        {
            var lowest = Enumerable.Range(0, width).OrderBy(c => values[r * width + c]).Take(k).ToHashSet();
            for (int c = 0; c < width; c++) Assert.Equal(lowest.Contains(c), mask[r * width + c]);
        }
        Assert.Equal(rows * k, mask.Count(m => m));
    }

    [Fact]
    public void VectorSelectionIsTheStartOfAStableSortEvenAmongManyTies()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 1000).Select(_ => (float)random.Next(7)).ToArray();
        var mask = MaskSelector.LowestOf(tensor(values), 333).data<bool>().ToArray();
        var lowest = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).Take(333).ToHashSet();
        Assert.Equal(Enumerable.Range(0, values.Length).Select(lowest.Contains), mask);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(150_000)]
    [InlineData(299_999)]
    public void ALongVectorCountedInParallelChunksIsTheStartOfAStableSort(int k)
    {
        // 600 000 scores are five chunks of 2¹⁷ and a short one; four values (−0 beside +0) tie across every chunk boundary.
        var random = new Random(13);
        var values = Enumerable.Range(0, 600_000).Select(_ => random.Next(4) switch { 0 => -0f, 1 => 0f, var v => (float)v }).ToArray();
        var mask = MaskSelector.LowestOf(tensor(values), k).data<bool>().ToArray();
        var lowest = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).Take(k).ToHashSet();
        Assert.Equal(Enumerable.Range(0, values.Length).Select(lowest.Contains), mask);
    }

    [Fact]
    public void DoubleScoresAreRankedInDoubleNotRoundedToFloat()
    {
        // 2²⁴ + 1 rounds to 2²⁴ in float32, where the two would tie and position would pick the first.
        var mask = MaskSelector.LowestOf(tensor(new double[] { 16777217, 16777216 }), 1).data<bool>().ToArray();
        Assert.Equal(new[] { false, true }, mask);
    }

    [Fact]
    public void ALongRunOfOneValueIsSelectedByPosition()
    {
        // A dead row's scores are all zero: the selection must take the first k by position (and stay linear doing it).
        var scores = cat([zeros(1, 200_000), ones(1, 10)], 1);
        scores[0, 150_000] = tensor(-1f);
        var mask = MaskSelector.LowestPerRow(scores, 1000).flatten().data<bool>().ToArray();
        Assert.True(mask[150_000]);
        Assert.Equal(Enumerable.Range(0, 999), Enumerable.Range(0, mask.Length).Where(i => mask[i] && i != 150_000));
    }

    [Fact]
    public void NmRefusesAWidthThatIsNotAMultipleOfM()
    {
        var error = Assert.Throws<SharpPruneException>(() => MaskSelector.Select(ones(2, 6), new NmPattern(2, 4)));
        Assert.Contains("multiple of 4", error.Message);
    }

    [Theory]
    [InlineData("unstructured", 0.0, "--sparsity must be in (0, 1)")]
    [InlineData("unstructured", 1.0, "--sparsity must be in (0, 1)")]
    [InlineData("4:4", 0.5, "N:M needs 1 ≤ N < M")]
    [InlineData("5:4", 0.5, "N:M needs 1 ≤ N < M")]
    [InlineData("banded", 0.5, "--pattern must be")]
    public void BadPatternsAreRefused(string pattern, double sparsity, string expected)
    {
        var error = Assert.Throws<SharpPruneException>(() => SparsityPattern.Parse(pattern, sparsity, PruningScope.Row));
        Assert.Contains(expected, error.Message);
    }
}
