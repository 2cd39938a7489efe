using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.Generation;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Models;

/// <summary>
/// The shared real model against numbers computed independently by Hugging Face transformers
/// (tests/fixtures/reference/stories260K.json and stories260K_logits.safetensors).
/// </summary>
public class Stories260KTests
{
    static string ModelDir => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    static JsonElement Reference =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "reference", "stories260K.json"))).RootElement;

    [Fact]
    public void GreedyDecodingFromBosReproducesTheReferenceStoryTokenForToken()
    {
        var expected = Reference.GetProperty("greedy_ids_from_bos").EnumerateArray().Select(e => e.GetInt32()).ToList();
        using var model = CausalLM.Load(ModelDir);
        var tokenizer = TextTokenizer.Load(ModelDir);
        var generated = TextGenerator.Generate(model, [tokenizer.BosId!.Value], new SamplingOptions(expected.Count), tokenizer.EosIds);
        Assert.Equal(expected, generated);
        Assert.StartsWith("Once upon a time, there was a little girl named Lily.", tokenizer.Decode(generated));
    }

    [Fact]
    public void LogitsMatchTransformers()
    {
        using var model = CausalLM.Load(ModelDir);
        using var file = SafetensorsFile.Open(Path.Combine(RepoPaths.Fixtures, "reference", "stories260K_logits.safetensors"));
        using var ids = file.Read("input_ids");
        using var expected = file.Read("logits");
        using var _ = no_grad();
        var logits = model.forward(ids.unsqueeze(0))[0].to_type(ScalarType.Float64);
        double error = (logits - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        Assert.True(error < 1e-5, $"relative error {error:E2}");
    }

    [Theory]
    [InlineData(128, 128)]
    [InlineData(128, 64)]
    [InlineData(512, 512)]
    [InlineData(512, 511)]
    public void PerplexityOnBrownMatchesTransformers(int seqLen, int stride)
    {
        var expected = Reference.GetProperty("ppl_brown3").GetProperty($"L{seqLen}_S{stride}");
        using var model = CausalLM.Load(ModelDir);
        var tokenizer = TextTokenizer.Load(ModelDir);
        var docs = DocumentSource.Read(Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl"), maxDocs: 3);
        var evaluator = new PerplexityEvaluator(model, seqLen, stride);
        foreach (var doc in docs) evaluator.AddDocument(tokenizer.Encode(doc));
        var result = evaluator.Result;
        Assert.Equal(expected.GetProperty("tokens_scored").GetInt64(), result.TokensScored);
        Assert.Equal(expected.GetProperty("nll").GetDouble(), result.Nll, 1e-5);
    }
}
