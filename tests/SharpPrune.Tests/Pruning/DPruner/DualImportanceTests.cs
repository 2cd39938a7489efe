using SharpPrune.Pruning.DPruner;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning.DPruner;

public sealed class DualImportanceTests
{
    [Fact]
    public void TheRankFormIsTheMixOfWithinMatrixRanksComputedByHand()
    {
        // S ascending: 0.1 (1,0) < 0.2 (0,2) = 0.2 (1,2) < 0.5 (0,0) < 0.9 (1,1) < 3.0 (0,1); the tie goes by position.
        var s = tensor(new float[] { 0.5f, 3.0f, 0.2f, 0.1f, 0.9f, 0.2f }).view(2, 3);
        // G ascending: 1e-9 (1,1) < 2e-9 (0,0) < 5e-9 (1,2) < 7e-9 (0,2) < 8e-9 (0,1) < 9e-9 (1,0).
        var g = tensor(new float[] { 2e-9f, 8e-9f, 7e-9f, 9e-9f, 1e-9f, 5e-9f }).view(2, 3);
        double[] rankS = [3, 5, 1, 0, 4, 2], rankG = [1, 4, 3, 5, 0, 2];
        const double alpha = 0.3;
        var combined = DualImportance.Combine(s, g, DualForm.Rank, alpha).data<double>().ToArray();
        for (int i = 0; i < 6; i++) Assert.Equal((1 - alpha) * rankS[i] + alpha * rankG[i], combined[i], 1e-12);
        // The released form masks by S itself: G acted only through training.
        Assert.Equal(s.data<float>().ToArray(), DualImportance.Combine(s, g, DualForm.Released, alpha).data<float>().ToArray());
    }

    static bool Same(Tensor a, Tensor b) => (a == b).all().item<bool>();

    public static TheoryData<MaskScope> Scopes => [MaskScope.Matrix, MaskScope.Block128];

    [Theory]
    [MemberData(nameof(Scopes))]
    public void AtAlphaZeroTheMaskIsTheDomainOnlyMaskAndAtOneTheGeneralOnlyMask(MaskScope scope)
    {
        var generator = new Generator(17, CPU);
        // Scales 10⁹ apart and many exact ties (rounded values): the ends must still be exact.
        var s = (rand(48, 300, generator: generator) * 20).round() / 20;
        var g = (rand(48, 300, generator: generator) * 50).round() * 1e-9;
        foreach (double sparsity in new[] { 0.3, 0.5 })
        {
            var domainOnly = ImportanceMask.Select(s, sparsity, scope);
            var generalOnly = ImportanceMask.Select(g, sparsity, scope);
            Assert.True(Same(ImportanceMask.Select(DualImportance.Combine(s, g, DualForm.Rank, 0), sparsity, scope), domainOnly));
            Assert.True(Same(ImportanceMask.Select(DualImportance.Combine(s, g, DualForm.Rank, 1), sparsity, scope), generalOnly));
            // In between, the mask really is a mix: it shares with both and equals neither.
            var mid = ImportanceMask.Select(DualImportance.Combine(s, g, DualForm.Rank, 0.5), sparsity, scope);
            Assert.False(Same(mid, domainOnly));
            Assert.False(Same(mid, generalOnly));
            Assert.InRange(MaskOverlap.Jaccard(mid, domainOnly), 0.3, 0.99);
        }
    }
}
