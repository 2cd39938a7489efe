using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

/// <summary>McNemar's exact test against binomial tails computed by hand.</summary>
public class McNemarTests
{
    [Theory]
    // b = 1, c = 6: 2·(C(7,0) + C(7,1))/2⁷ = 2·8/128.
    [InlineData(1, 6, 16.0 / 128)]
    [InlineData(6, 1, 16.0 / 128)]
    // b = 0, c = 5: 2·1/32.
    [InlineData(0, 5, 2.0 / 32)]
    // b = 10, c = 2: 2·(1 + 12 + 66)/4096.
    [InlineData(10, 2, 158.0 / 4096)]
    // b = 3, c = 3 and no discordant pair: no evidence either way.
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    // b = 20, c = 40: 2·Σ_{i≤20} C(60,i)/2⁶⁰ = 0.013489… (the sum evaluated exactly in integers, Python math.comb: 7,776,048,412,324,714).
    [InlineData(20, 40, 2.0 * 7776048412324714 / 1152921504606846976)]
    public void Exact_p_is_twice_the_smaller_binomial_tail(int onlyA, int onlyB, double expected) =>
        Assert.Equal(expected, McNemar.ExactP(onlyA, onlyB), 12);

    [Fact]
    public void Thousands_of_discordant_examples_do_not_underflow() =>
        Assert.InRange(McNemar.ExactP(1400, 1600), 1e-4, 1e-2);

    [Fact]
    public void Compare_counts_the_examples_only_one_model_answers_right()
    {
        var examples = Enumerable.Range(0, 5).Select(i => new TaskExample($"{i}", "", "q", [" a", " b"], Gold: 0)).ToList();
        // A answers 0, 1, 2 right; B answers 2, 3 right: A only on 0 and 1, B only on 3.
        ChoiceTaskResult Result(string name, params bool[] right) => new(name, examples.Select((e, i) =>
            new ScoredExample(e, right[i] ? [-1.0, -2.0] : [-2.0, -1.0], [1, 1], false)).ToList());

        var (onlyA, onlyB, p) = McNemar.Compare(Result("a", true, true, true, false, false), Result("b", false, false, true, true, false), ScoreConvention.Acc);

        Assert.Equal((2, 1), (onlyA, onlyB));
        Assert.Equal(1.0, p);
        Assert.Throws<SharpPruneException>(() => McNemar.Compare(Result("a", true, true, true, true, true), new ChoiceTaskResult("c", []), ScoreConvention.Acc));
    }
}
