using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.LlamaCpp;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Text;
using Xunit.Abstractions;

namespace SharpPrune.Export.Tests;

/// <summary>
/// The testbed (byte-level BPE tokenizer.json, GQA, tied embeddings) and pruned variants of it, exported and run in
/// llama.cpp: token ids, logits, and the perplexity of f16 / q8_0 / q4_k_m files against SharpPrune's.
/// </summary>
public sealed class TestbedInLlamaCppTests(ITestOutputHelper output)
{
    static IReadOnlyList<int> HeldOutSequence(TextTokenizer tokenizer, int length)
    {
        var document = DocumentSource.ReadDocuments(Models.Brown, "text", maxDocs: 1, DocumentFilter.Parse("0.8:1"))[0];
        return tokenizer.Encode(document.Text).Take(length).ToList();
    }

    [Fact]
    public void TokenIdsEqualSharpPrunesWithGpt2PreTokenizer()
    {
        using var folder = new ExportFolder();
        var result = GgufExport.Run(Models.Testbed, folder.File("testbed.gguf"), GgufOutputType.F32, false, null);
        Assert.Equal("gpt-2", (string)GgufFile.Read(result.Path)["tokenizer.ggml.pre"]!.Value);
        using var llama = LlamaCppModel.Load(result.Path, 512);
        var tokenizer = TextTokenizer.Load(Models.Testbed);
        Assert.False(tokenizer.AddsBos);
        foreach (string text in Texts.Tricky)
        {
            IReadOnlyList<int> ours = tokenizer.Encode(text), theirs = llama.Tokenize(text, addBos: tokenizer.AddsBos);
            Assert.True(ours.SequenceEqual(theirs), $"ids of \"{text}\": SharpPrune [{string.Join(", ", ours)}], llama.cpp [{string.Join(", ", theirs)}]");
        }
        var document = HeldOutSequence(tokenizer, int.MaxValue);
        Assert.Equal(document, llama.Tokenize(tokenizer.Decode(document), addBos: false));
    }

    [Fact]
    public void DenseLogitsAgreeWithin1e3()
    {
        using var folder = new ExportFolder();
        var result = GgufExport.Run(Models.Testbed, folder.File("testbed.gguf"), GgufOutputType.F32, false, null);
        AssertLogitsAgree(Models.Testbed, result.Path);
    }

    [Fact]
    public void MagnitudePrunedLogitsAgreeWithin1e3()
    {
        using var folder = new ExportFolder();
        string pruned = folder.File("pruned");
        using (var model = CausalLM.Load(Models.Testbed))
        {
            var recipe = new PruningRecipe("magnitude", new UnstructuredPattern(0.5, PruningScope.Matrix), LinearSelection.All, null);
            var report = Pruner.Run(model, recipe, TextTokenizer.Load(Models.Testbed));
            Assert.InRange(report.Sparsity, 0.49, 0.51);
            model.Save(pruned);
        }
        var result = GgufExport.Run(pruned, folder.File("pruned.gguf"), GgufOutputType.F32, false, null);
        Assert.Equal("llama", result.Architecture);
        AssertLogitsAgree(pruned, result.Path);
    }

    [Fact]
    public void UnequalLayerWidthsAndHeadsExportAsDeciAndAgreeWithin1e3()
    {
        using var folder = new ExportFolder();
        string pruned = folder.File("shrunk");
        using (var model = CausalLM.Load(Models.Testbed))
        {
            // Every layer keeps a different number of FFN neurons (every k-th one) and of KV-head groups.
            NeuronRemoval.Apply(model, Enumerable.Range(0, model.Layers.Count)
                .Select(i => Enumerable.Range(0, 704).Where(n => n % (i + 2) != 0).Select(n => (long)n).ToArray()).ToList());
            HeadRemoval.Apply(model, Enumerable.Range(0, model.Layers.Count)
                .Select(i => Enumerable.Range(0, 4 - i % 3).Select(g => (long)g).ToArray()).ToList());
            Assert.NotNull(model.Config.LayerIntermediateSizes);
            Assert.NotNull(model.Config.LayerHeads);
            model.Save(pruned);
        }
        var result = GgufExport.Run(pruned, folder.File("shrunk.gguf"), GgufOutputType.F32, false, null);
        Assert.Equal("deci", result.Architecture);
        var file = GgufFile.Read(result.Path);
        var widths = (IReadOnlyList<object>)file["deci.feed_forward_length"]!.Value;
        Assert.Equal([352, 469, 528, 563, 586, 603], widths.Select(w => (int)w));
        AssertLogitsAgree(pruned, result.Path);
    }

    [Fact]
    public void QuantizedExportsPerplexityAgainstSharpPrunes()
    {
        using var folder = new ExportFolder();
        var tokenizer = TextTokenizer.Load(Models.Testbed);
        var documents = DocumentSource.ReadDocuments(Models.Brown, "text", maxDocs: 4, DocumentFilter.Parse("0.8:1"))
            .Select(d => tokenizer.Encode(d.Text)).ToList();
        const int seqLen = 256;
        PerplexityResult ours;
        using (var model = CausalLM.Load(Models.Testbed))
            ours = new PerplexitySpec(Models.Brown, SeqLen: seqLen).Evaluate(model, documents);
        output.WriteLine($"SharpPrune: ppl {ours.Perplexity:F4} over {ours.TokensScored} tokens");

        var bounds = new Dictionary<GgufOutputType, double>
        {
            [GgufOutputType.F32] = 1e-4, [GgufOutputType.F16] = 0.005, [GgufOutputType.Q8_0] = 0.01, [GgufOutputType.Q4_K_M] = 0.15,
        };
        foreach (var (type, bound) in bounds)
        {
            var result = GgufExport.Run(Models.Testbed, folder.File($"testbed-{type}.gguf"), type, false, new LlamaCppQuantizer());
            using var llama = LlamaCppModel.Load(result.Path, seqLen);
            var theirs = llama.Perplexity(documents, seqLen, seqLen);
            double change = theirs.Perplexity / ours.Perplexity - 1;
            output.WriteLine($"{type}: {result.Bytes:N0} bytes, tensors {string.Join(", ", result.TensorTypes.Select(t => $"{t.Value} {t.Key}"))}; " +
                             $"llama.cpp ppl {theirs.Perplexity:F4} ({(change >= 0 ? "+" : "")}{change:P3})");
            Assert.Equal(ours.TokensScored, theirs.TokensScored);
            Assert.True(Math.Abs(change) < bound, $"{type}: perplexity {theirs.Perplexity:F4} vs SharpPrune's {ours.Perplexity:F4}");
        }
    }

    static void AssertLogitsAgree(string modelDir, string ggufPath)
    {
        using var model = CausalLM.Load(modelDir);
        using var llama = LlamaCppModel.Load(ggufPath, 512);
        var sequence = HeldOutSequence(TextTokenizer.Load(modelDir), 256);
        Assert.Equal(256, sequence.Count);
        double error = Logits.RelativeError(model, llama, sequence);
        Assert.True(error < 1e-3, $"relative error {error:E2}");
    }
}
