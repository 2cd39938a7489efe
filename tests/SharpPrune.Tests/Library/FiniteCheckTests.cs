using static TorchSharp.torch;

namespace SharpPrune.Tests.Library;

/// <summary>The NaN/Inf guard: every non-finite value refused with its counts, every finite one (up to the dtype's largest) let through.</summary>
public sealed class FiniteCheckTests
{
    [Theory]
    [InlineData(float.NaN, "1 NaN and 0 Inf")]
    [InlineData(float.PositiveInfinity, "0 NaN and 1 Inf")]
    [InlineData(float.NegativeInfinity, "0 NaN and 1 Inf")]
    public void OneNonFiniteValueAnywhereIsRefused(float bad, string counts)
    {
        // At the start, the middle and the end: a reduction that skipped NaN or stopped early would miss one of them.
        foreach (int at in new[] { 0, 500, 999 })
        {
            var values = new float[1000];
            for (int i = 0; i < values.Length; i++) values[i] = i - 500f;
            values[at] = bad;
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float16 })
            {
                using var t = tensor(values).to_type(dtype);
                var e = Assert.Throws<SharpPruneException>(() => FiniteCheck.Require(t, "the weight"));
                Assert.Equal($"the weight holds NaN or Inf ({counts} of 1000 values)", e.Message);
            }
        }
    }

    [Fact]
    public void FiniteValuesUpToTheLargestPass()
    {
        using var f32 = tensor(new[] { float.MaxValue, -float.MaxValue, 0f, float.Epsilon });
        FiniteCheck.Require(f32, "x");
        using var bf16 = f32.to_type(ScalarType.Float64).clamp(-3.38e38, 3.38e38).to_type(ScalarType.BFloat16);
        FiniteCheck.Require(bf16, "x");
        using var empty = zeros(0);
        FiniteCheck.Require(empty, "x");
        using var ints = tensor(new long[] { long.MaxValue, long.MinValue });
        FiniteCheck.Require(ints, "x");
    }
}
