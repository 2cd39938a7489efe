using System.Text.Json.Nodes;
using SharpPrune.Evaluation;
using SharpPrune.IO;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Tasks;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Streaming;

/// <summary>
/// A model streamed from disk one layer at a time gives what the same model held in memory gives, to the bit: the pruned
/// files, perplexities and task scores, for every family, bf16 and float32, one file and shards.
/// </summary>
[Collection(MetaConstruction.Name)]
public sealed class StreamingExactnessTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-stream-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>A small calibration text (Brown's first documents), so a run samples in milliseconds.</summary>
    string Calibration()
    {
        string path = Path.Combine(temp, "calib.jsonl");
        if (!File.Exists(path)) File.WriteAllLines(path, File.ReadLines(TinyModels.Brown).Take(6));
        return path;
    }

    string Folder(string family, SafetensorsDType dtype, int shards)
    {
        string dir = Path.Combine(temp, $"{family}-{dtype}-{shards}");
        if (Directory.Exists(dir)) return dir;
        using var model = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 21, std: 0.3);
        return ModelFolder.Write(model, dir, dtype, shards);
    }

    PruningResult Prune(string dir, string method, bool trueSequential, StreamMode stream, string output) =>
        PruningRun.Walker(new WalkerPruningRequest(dir, method, 0.5)
        {
            Calibration = Calibration(), Samples = 4, SeqLen = 32, BatchSize = 3, TrueSequential = trueSequential, Stream = stream,
        }, new PruningOutput(output));

    [Theory]
    [InlineData("llama", "wanda", false)]
    [InlineData("llama", "sparsegpt", false)]
    [InlineData("llama", "sparsegpt", true)]
    [InlineData("llama", "magnitude", false)]
    [InlineData("gpt_neox", "wanda", true)]
    [InlineData("gpt_neox", "sparsegpt", false)]
    [InlineData("gpt2", "wanda", false)]
    [InlineData("gpt2", "sparsegpt", true)]
    public void StreamedPruningWritesTheInMemoryRunsFilesByteForByte(string family, string method, bool trueSequential)
    {
        foreach (var (dtype, shards) in new[] { (SafetensorsDType.BF16, 3), (SafetensorsDType.F32, 1) })
        {
            string dir = Folder(family, dtype, shards), tag = $"{family}-{method}-{trueSequential}-{dtype}";
            string inMemory = Path.Combine(temp, $"{tag}-memory"), streamed = Path.Combine(temp, $"{tag}-streamed");
            var a = Prune(dir, method, trueSequential, StreamMode.Never, inMemory);
            var b = Prune(dir, method, trueSequential, StreamMode.Always, streamed);
            Assert.False(a.Report.Streamed);
            Assert.True(b.Report.Streamed);
            var expected = ModelFolder.Files(inMemory);
            var actual = ModelFolder.Files(streamed);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            Assert.Equal(shards == 1 ? 1 : shards, actual.Keys.Count(k => k.EndsWith(".safetensors")));
            foreach (var (name, bytes) in expected.Where(f => f.Key != PruningManifest.FileName))
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{tag}: {name} differs");
            // pruning.json differs only in what the run measured about itself, and says which mode ran.
            var manifests = new[] { inMemory, streamed }.Select(d => JsonNode.Parse(File.ReadAllText(Path.Combine(d, PruningManifest.FileName)))!.AsObject()).ToList();
            Assert.Equal([false, true], manifests.Select(m => m["run"]!["streamed"]!.GetValue<bool>()));
            manifests.ForEach(m => m.Remove("run"));
            Assert.True(JsonNode.DeepEquals(manifests[0], manifests[1]), $"{tag}: pruning.json differs beyond its run section");
            using var check = CheckpointReader.Open(streamed);
            Assert.All(check.Names, n => Assert.Equal(dtype, check.Info(n).DType));
        }
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt_neox")]
    [InlineData("gpt2")]
    public void StreamedPerplexityAndTaskScoresEqualTheInMemoryOnes(string family)
    {
        var tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);
        var documents = File.ReadLines(TinyModels.Brown).Skip(10).Take(3).Select(l => tokenizer.Encode(JsonNode.Parse(l)!["text"]!.GetValue<string>())).ToList();
        var spec = new PerplexitySpec(TinyModels.Brown, SeqLen: 40, Stride: 30);
        var examples = Enumerable.Range(0, 5).Select(i => new TaskExample($"{i}", $"Story {i}: the cat sat on the", " Which?",
            [" mat", " dog that ran away", " moon"], i % 3)).ToList();
        foreach (var (dtype, shards) in new[] { (SafetensorsDType.BF16, 2), (SafetensorsDType.F32, 1) })
        {
            string dir = Folder(family, dtype, shards);
            using var inMemory = CausalLM.Load(dir, CPU, WeightResidency.Stored);
            using var streamed = CausalLM.Load(dir, CPU, WeightResidency.Streamed);
            var expected = spec.Evaluate(inMemory, documents);
            // Two windows a pass: several passes, and a last one part full.
            var actual = spec.Evaluate(streamed, documents, windowsPerPass: 2);
            Assert.Equal(expected.Nll, actual.Nll);
            Assert.Equal(expected.TokensScored, actual.TokensScored);
            var scores = new LogLikelihoodScorer(inMemory, tokenizer).ScoreAll(examples);
            var streamedScores = new LogLikelihoodScorer(streamed, tokenizer) { ExamplesPerPass = 2 }.ScoreAll(examples);
            Assert.Equal(scores.Select(s => s.LogProbs.ToArray()), streamedScores.Select(s => s.LogProbs.ToArray()));
        }
    }

    [Fact]
    public void AStreamedModelHoldsOnlyTheLayerInUse()
    {
        string dir = Folder("llama", SafetensorsDType.BF16, 2);
        using var model = CausalLM.Load(dir, CPU, WeightResidency.Streamed);
        long Materialized(int layer) => model.Layers[layer].parameters().Sum(p => p.numel());
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0, Materialized(i)));
        using (model.UseLayer(1))
        {
            Assert.Equal(0, Materialized(0));
            Assert.True(Materialized(1) > 0);
            Assert.Equal(ScalarType.Float32, model.Layers[1].parameters().First().dtype);
        }
        Assert.Equal(0, Materialized(1));
    }
}
