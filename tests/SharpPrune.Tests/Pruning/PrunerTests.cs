using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>The engine on the shared real model with Brown calibration: exact patterns, untouched tensors, quality order.</summary>
public sealed class PrunerTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-prune-").FullName;
    readonly TextTokenizer tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static CalibrationSpec Brown => new(TinyModels.Brown, Samples: 16, SeqLen: 128, Seed: 1, Filter: DocumentFilter.Parse("0:0.8"));

    string PruneAndSave(string method, SparsityPattern pattern, LinearSelection? selection = null, bool trueSequential = false)
    {
        using var model = CausalLM.Load(TinyModels.StoriesDir);
        var recipe = new PruningRecipe(method, pattern, selection ?? LinearSelection.All, Brown, TrueSequential: trueSequential);
        var report = Pruner.Run(model, recipe, tokenizer);
        string outDir = Path.Combine(temp, $"{method}-{pattern}-{Guid.NewGuid():N}");
        PruningRun.Save(model, new PruningResult(recipe, report), new PruningOutput(outDir));
        return outDir;
    }

    static Dictionary<string, Tensor> Weights(string dir)
    {
        using var reader = CheckpointReader.Open(dir);
        return reader.Names.ToDictionary(n => n, reader.Read);
    }

    static bool IsLayerLinear(string name) => name.Contains(".self_attn.") || name.Contains(".mlp.");

    [Fact]
    public void WandaRowScopeZerosExactlyFloorSTimesWidthInEveryRowAndLeavesOtherTensorsBitIdentical()
    {
        var before = Weights(TinyModels.StoriesDir);
        var after = Weights(PruneAndSave("wanda", new UnstructuredPattern(0.5, PruningScope.Row)));
        foreach (var (name, w) in after)
        {
            if (IsLayerLinear(name))
            {
                long perRow = (long)Math.Floor(0.5 * w.shape[1]);
                // stories260K has no zero weights of its own, so every zero was made by pruning.
                Assert.All((w == 0).sum(dim: 1).data<long>().ToArray(), z => Assert.Equal(perRow, z));
                Assert.True(((w == before[name]) | (w == 0)).all().item<bool>(), $"{name}: Wanda must not change kept weights");
            }
            else Assert.Equal(before[name].bytes.ToArray(), w.bytes.ToArray());
        }
    }

    [Fact]
    public void MagnitudeMatrixScopeZerosExactlyFloorSTimesSizeOfEveryMatrix()
    {
        var after = Weights(PruneAndSave("magnitude", new UnstructuredPattern(0.3, PruningScope.Matrix)));
        foreach (var (name, w) in after.Where(kv => IsLayerLinear(kv.Key)))
            Assert.Equal((long)Math.Floor(0.3 * w.numel()), (w == 0).sum().item<long>());
    }

    [Fact]
    public void TwoFourLeavesAtLeastTwoZerosInEveryGroupOfFour()
    {
        var after = Weights(PruneAndSave("wanda", new NmPattern(2, 4)));
        foreach (var (name, w) in after.Where(kv => IsLayerLinear(kv.Key)))
            Assert.True(((w == 0).reshape(-1, 4).sum(dim: 1) >= 2).all().item<bool>(), name);
    }

    [Fact]
    public void ExcludedLinearsAreUntouched()
    {
        var before = Weights(TinyModels.StoriesDir);
        var after = Weights(PruneAndSave("magnitude", new UnstructuredPattern(0.5, PruningScope.Matrix), new LinearSelection(["*.mlp.*"], ["*.down_proj"])));
        foreach (var (name, w) in after)
        {
            bool pruned = name.Contains(".mlp.") && !name.Contains("down_proj");
            Assert.Equal(pruned, !before[name].bytes.SequenceEqual(w.bytes));
        }
    }

    /// <remarks>True-sequential runs every batch on its own thread; one computes at a time, so threads add no nondeterminism.</remarks>
    [Theory]
    [InlineData("wanda", false)]
    [InlineData("sparsegpt", true)]
    public void SameSeedGivesByteIdenticalFoldersExceptTheRunTimings(string method, bool trueSequential)
    {
        var pattern = new UnstructuredPattern(0.5, PruningMethods.DefaultScope(method));
        string a = PruneAndSave(method, pattern, trueSequential: trueSequential), b = PruneAndSave(method, pattern, trueSequential: trueSequential);
        foreach (var file in Directory.EnumerateFiles(a).Select(Path.GetFileName))
        {
            if (file == PruningManifest.FileName) continue;
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file!)), File.ReadAllBytes(Path.Combine(b, file!)));
        }
        static string WithoutRun(string dir)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, PruningManifest.FileName)))!.AsObject();
            Assert.True(json.Remove("run"));
            return json.ToJsonString();
        }
        Assert.Equal(WithoutRun(a), WithoutRun(b));
    }

    [Fact]
    public void OnHeldOutBrownMagnitudeIsWorseThanWandaAndSparseGptAndThePrunedModelStillGenerates()
    {
        double Ppl(string dir)
        {
            using var model = CausalLM.Load(dir);
            var evaluator = new PerplexityEvaluator(model, 256, 256);
            foreach (var doc in DocumentSource.Read(TinyModels.Brown, maxDocs: 10, filter: DocumentFilter.Parse("0.8:1")))
                evaluator.AddDocument(tokenizer.Encode(doc));
            return evaluator.Result.Perplexity;
        }
        var pattern = new UnstructuredPattern(0.5, PruningScope.Row);
        string wanda = PruneAndSave("wanda", pattern);
        double dense = Ppl(TinyModels.StoriesDir), magnitude = Ppl(PruneAndSave("magnitude", pattern)), wandaPpl = Ppl(wanda);
        double sparseGpt = Ppl(PruneAndSave("sparsegpt", new UnstructuredPattern(0.5, PruningScope.Matrix)));
        Assert.True(dense < wandaPpl && wandaPpl < magnitude, $"dense {dense:F1}, wanda {wandaPpl:F1}, magnitude {magnitude:F1}");
        Assert.True(dense < sparseGpt && sparseGpt < magnitude, $"dense {dense:F1}, sparsegpt {sparseGpt:F1}, magnitude {magnitude:F1}");

        using var model = CausalLM.Load(wanda);
        var story = Generation.TextGenerator.Generate(model, [1], new Generation.SamplingOptions(20), tokenizer.EosIds);
        Assert.Equal(20, story.Count);
    }

    [Fact]
    public void AGlobThatMatchesNothingIsRefused()
    {
        using var model = CausalLM.Load(TinyModels.StoriesDir);
        var error = Assert.Throws<SharpPruneException>(() =>
            Pruner.Run(model, new PruningRecipe("magnitude", new UnstructuredPattern(0.5, PruningScope.Matrix), new LinearSelection(["*.fc1"], []), null), tokenizer));
        Assert.Equal("glob '*.fc1' matches no linear (names look like 'model.layers.0.self_attn.q_proj')", error.Message);
    }
}
