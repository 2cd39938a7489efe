using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

/// <summary>Prompts too long for the model lose words from the left of their context only, and are counted.</summary>
public class TruncationTests
{
    const string Question = "\nQuestion: Did the dog run?\nAnswer:";
    static readonly string[] Candidates = [" yes", " no", " it was a big red ball"];
    static readonly string LongContext = "Abstract: " + string.Join(" ", Enumerable.Range(0, 80).Select(i => $"word{i}"));

    [Fact]
    public void ALongContextLosesItsFirstWordsAndKeepsQuestionAndCandidatesWhole()
    {
        var tok = TinyModel.Tokenizer;
        var encoder = new ExampleEncoder(tok, 64);
        var encoded = encoder.Encode(new TaskExample("long", LongContext, Question, Candidates, 0));

        Assert.True(encoded.Cut);
        Assert.True(encoded.InputLength <= 64);
        string prompt = tok.Decode(encoded.Prompt);
        Assert.EndsWith(Question, prompt);
        string kept = prompt[..^Question.Length].Trim();
        Assert.EndsWith(kept, LongContext);
        // The mildest cut was taken: one more word of context would not fit.
        string[] words = LongContext.Split(' ');
        string oneMore = string.Join(" ", words[^(kept.Split(' ').Length + 1)..]);
        Assert.True(tok.Encode(oneMore + Question + Candidates[2]).Count - 1 > 64);
        var uncut = new ExampleEncoder(tok, 1000).Encode(new TaskExample("short", "", Question, Candidates, 0));
        Assert.Equal(uncut.Continuations, encoded.Continuations);
    }

    [Fact]
    public void ShortPromptsAreNotCutAndCutsAreCounted()
    {
        using var model = TinyModel.Create(context: 64);
        var task = new ChoiceTask("t", [
            new TaskExample("short", "Abstract: A dog.", Question, Candidates, 0),
            new TaskExample("long", LongContext, Question, Candidates, 1),
        ]);
        var result = task.Evaluate(new LogLikelihoodScorer(model, TinyModel.Tokenizer));
        Assert.Equal([false, true], result.Examples.Select(e => e.Cut));
        Assert.Equal(1, result.CutCount);
        Assert.Equal(2, result.Metrics(ScoreConvention.Acc)!.N);
    }

    [Fact]
    public void AQuestionTooLongEvenWithoutContextIsAnError()
    {
        var encoder = new ExampleEncoder(TinyModel.Tokenizer, 8);
        var e = Assert.Throws<SharpPruneException>(() => encoder.Encode(new TaskExample("q", LongContext, Question, Candidates, 0)));
        Assert.Contains("example q", e.Message);
    }
}
