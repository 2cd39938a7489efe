using SharpPrune.Evaluation;

namespace SharpPrune.Tests.Tasks;

/// <summary>ROUGE against counts done by hand.</summary>
public class RougeTests
{
    [Fact]
    public void SameLengthSummaries()
    {
        // Words: the cat sat on the mat / the cat is on the mat. Unigrams shared 5 of 6; bigrams "the cat", "on the",
        // "the mat" 3 of 5; LCS "the cat on the mat" 5.
        var s = Rouge.Score("The cat sat on the mat.", "the CAT is on the mat!");
        Assert.Equal(5.0 / 6, s.Rouge1, 1e-12);
        Assert.Equal(3.0 / 5, s.Rouge2, 1e-12);
        Assert.Equal(5.0 / 6, s.RougeL, 1e-12);
    }

    [Fact]
    public void DifferentLengthsUseBothPrecisionAndRecall()
    {
        // "a b c d" vs "a c": overlap 2, P = 2/4, R = 2/2, F = 2/3; no shared bigram; LCS "a c".
        var s = Rouge.Score("a b c d", "a c");
        Assert.Equal(2.0 / 3, s.Rouge1, 1e-12);
        Assert.Equal(0, s.Rouge2);
        Assert.Equal(2.0 / 3, s.RougeL, 1e-12);
    }

    [Fact]
    public void RepeatedWordsAreClippedToTheReferenceCount()
    {
        // "the" three times against once: overlap 1, P = 1/3, R = 1/2, F = 0.4. LCS 1 likewise.
        var s = Rouge.Score("the the the", "the cat");
        Assert.Equal(0.4, s.Rouge1, 1e-12);
        Assert.Equal(0.4, s.RougeL, 1e-12);
    }

    [Fact]
    public void LcsSkipsWordsInBetweenButKeepsOrder()
    {
        // Candidate "police killed the gunman" vs "the gunman police killed": LCS 2 ("police killed" or "the gunman").
        var s = Rouge.Score("police killed the gunman", "the gunman police killed");
        Assert.Equal(1.0, s.Rouge1, 1e-12);
        Assert.Equal(2.0 / 3, s.Rouge2, 1e-12);
        Assert.Equal(0.5, s.RougeL, 1e-12);
    }

    [Fact]
    public void WordsAreLowercaseRunsOfLettersAndDigits()
    {
        Assert.Equal(["hello", "world", "2024", "s"], Rouge.Words("Hello, WORLD-2024's"));
        Assert.Equal(new RougeScore(0, 0, 0), Rouge.Score("", "a reference"));
    }
}
