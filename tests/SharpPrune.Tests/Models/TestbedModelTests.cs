using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.Models;
using SharpPrune.Text;

namespace SharpPrune.Tests.Models;

/// <summary>The committed testbed (models/testbed) is a trained model, not just a loadable folder.</summary>
public class TestbedModelTests
{
    static string ModelDir => Path.Combine(RepoPaths.Root, "models", "testbed");

    [Fact]
    public void HeldOutBrownPerplexityIsFarBelowTheUnigramFloor()
    {
        using var model = CausalLM.Load(ModelDir);
        var tokenizer = TextTokenizer.Load(ModelDir);
        var evaluator = new PerplexityEvaluator(model, 512, 512);
        foreach (var doc in DocumentSource.Read(TinyModels.Brown, maxDocs: 3, filter: DocumentFilter.Parse("0.8:1")))
            evaluator.AddDocument(tokenizer.Encode(doc));

        // models/testbed/README.md: 133 on all of Brown's held-out part, against 912 for a unigram model.
        Assert.InRange(evaluator.Result.Perplexity, 20, 300);
    }

    [Fact]
    public void ItsTokenizerRoundTripsMedicalAndLegalText()
    {
        var tokenizer = TextTokenizer.Load(ModelDir);
        foreach (var text in new[] { "The patient's HbA1c was 7.5% (n=128); p<0.05.", "Cas. and Sur. Co., 435 F.3d 252, 260 (3d Cir.2006) — “holding”" })
        {
            var ids = tokenizer.Encode(text);
            int bytes = System.Text.Encoding.UTF8.GetByteCount(text);
            // Merges fitted on the domains' text cover these words: far fewer tokens than bytes.
            Assert.True(ids.Count < 0.6 * bytes, $"{ids.Count} tokens for {bytes} bytes");
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }
}
