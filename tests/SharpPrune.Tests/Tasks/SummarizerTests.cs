using SharpPrune.Evaluation;
using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

public class SummarizerTests
{
    [Fact]
    public void ALongSourceIsCutFromItsEndAndTheSummaryIsScored()
    {
        using var model = TinyModel.Create(context: 96);
        var source = "To provide for the relief of farmers. " + string.Join(" ", Enumerable.Range(0, 200).Select(i => $"clause{i}"));
        var example = new SummaryExample("1", source, "Provides relief to farmers.");
        var result = new Summarizer(model, TinyModel.Tokenizer, 16).Summarize(example);
        Assert.True(result.Cut);
        Assert.Equal(Rouge.Score(result.Summary, example.Reference), result.Rouge);
        Assert.False(new Summarizer(model, TinyModel.Tokenizer, 16).Summarize(example with { Source = "To help farmers." }).Cut);
    }
}
