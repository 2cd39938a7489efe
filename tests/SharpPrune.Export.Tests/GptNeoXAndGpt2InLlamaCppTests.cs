using SharpPrune.Data;
using SharpPrune.LlamaCpp;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Text;
using Xunit.Abstractions;

namespace SharpPrune.Export.Tests;

/// <summary>
/// Small GPT-NeoX (parallel and sequential residual) and GPT-2 models exported as llama.cpp's <c>gptneox</c> and
/// <c>gpt2</c> and run there: token ids, logits on a held-out Brown sequence, and a magnitude-pruned model of each.
/// </summary>
public sealed class GptNeoXAndGpt2InLlamaCppTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("neox-parallel", "gptneox")]
    [InlineData("neox-sequential", "gptneox")]
    [InlineData("gpt2", "gpt2")]
    public void DenseTokenIdsAndLogitsAgree(string name, string architecture)
    {
        using var folder = new ExportFolder();
        string dir;
        using (var model = SmallModels.Create(SmallModels.Of(name), seed: 17)) dir = SmallModels.Save(model, folder.File(name));
        var result = GgufExport.Run(dir, folder.File($"{name}.gguf"), GgufOutputType.F32, false, null);
        Assert.Equal(architecture, result.Architecture);
        using var llama = LlamaCppModel.Load(result.Path, 512);
        var tokenizer = TextTokenizer.Load(dir);
        foreach (string text in Texts.Tricky)
        {
            IReadOnlyList<int> ours = tokenizer.Encode(text), theirs = llama.Tokenize(text, addBos: tokenizer.AddsBos);
            Assert.True(ours.SequenceEqual(theirs), $"ids of \"{text}\": SharpPrune [{string.Join(", ", ours)}], llama.cpp [{string.Join(", ", theirs)}]");
        }
        AssertLogitsAgree(dir, llama, $"{name} f32 {result.Bytes:N0} bytes");
    }

    [Theory]
    [InlineData("neox-parallel")]
    [InlineData("gpt2")]
    public void MagnitudePrunedLogitsAgree(string name)
    {
        using var folder = new ExportFolder();
        string dir;
        using (var model = SmallModels.Create(SmallModels.Of(name), seed: 23))
        {
            var recipe = new PruningRecipe("magnitude", new UnstructuredPattern(0.5, PruningScope.Matrix), LinearSelection.All, null);
            var report = Pruner.Run(model, recipe, TextTokenizer.Load(Models.Testbed));
            Assert.InRange(report.Sparsity, 0.49, 0.51);
            dir = SmallModels.Save(model, folder.File(name));
        }
        var result = GgufExport.Run(dir, folder.File($"{name}.gguf"), GgufOutputType.F32, false, null);
        using var llama = LlamaCppModel.Load(result.Path, 512);
        AssertLogitsAgree(dir, llama, $"{name} magnitude 50 % f32 {result.Bytes:N0} bytes");
    }

    /// <summary>
    /// f16 and llama.cpp's own q8_0 and q4_k_m of each family load and run, with logits near SharpPrune's. The bounds are
    /// loose for the quantized types: on these random models (every weight of the same scale, no outliers) q8_0 moves
    /// the largest logit error to about 2e-2 of the largest logit (llama.cpp also rounds the activations to 8 bits for
    /// its q8_0 products); a wrong mapping gives errors of the order of the logits themselves.
    /// </summary>
    [Theory]
    [InlineData("neox-parallel")]
    [InlineData("gpt2")]
    public void QuantizedExportsRunInLlamaCpp(string name)
    {
        using var folder = new ExportFolder();
        string dir;
        using (var model = SmallModels.Create(SmallModels.Of(name), seed: 17)) dir = SmallModels.Save(model, folder.File(name));
        var bounds = new Dictionary<GgufOutputType, double> { [GgufOutputType.F16] = 5e-3, [GgufOutputType.Q8_0] = 0.05, [GgufOutputType.Q4_K_M] = 0.5 };
        foreach (var (type, bound) in bounds)
        {
            var result = GgufExport.Run(dir, folder.File($"{name}-{type}.gguf"), type, false, new LlamaCppQuantizer());
            using var llama = LlamaCppModel.Load(result.Path, 512);
            AssertLogitsAgree(dir, llama, $"{name} {type} {result.Bytes:N0} bytes ({string.Join(", ", result.TensorTypes.Select(t => $"{t.Value} {t.Key}"))})", bound);
        }
    }

    [Fact]
    public void LlamaCppHyperparametersAndTensorsAreNamedAsItsConverterNamesThem()
    {
        using var folder = new ExportFolder();
        string neox, gpt2;
        using (var model = SmallModels.Create(SmallModels.NeoXSequential, seed: 5)) neox = SmallModels.Save(model, folder.File("neox"));
        using (var model = SmallModels.Create(SmallModels.Gpt2, seed: 5)) gpt2 = SmallModels.Save(model, folder.File("gpt2"));

        var neoxFile = GgufFile.Read(GgufExport.Run(neox, folder.File("neox.gguf"), GgufOutputType.F16, false, null).Path);
        Assert.Equal(16u, neoxFile["gptneox.rope.dimension_count"]!.Value);
        Assert.Equal(false, neoxFile["gptneox.use_parallel_residual"]!.Value);
        Assert.Equal(1e-5f, neoxFile["gptneox.attention.layer_norm_epsilon"]!.Value);
        Assert.Equal("gpt-2", neoxFile["tokenizer.ggml.pre"]!.Value);
        Assert.Equal([128L, 384], neoxFile.Tensor("blk.0.attn_qkv.weight").Dims);
        Assert.Equal(GgmlType.F16, neoxFile.Tensor("blk.0.attn_qkv.weight").Type);
        Assert.Equal(GgmlType.F32, neoxFile.Tensor("blk.0.attn_qkv.bias").Type);
        // Tied: llama.cpp's gptneox graph reads output.weight, so the embedding is written twice.
        Assert.Equal([128L, 4096], neoxFile.Tensor("output.weight").Dims);

        var gpt2File = GgufFile.Read(GgufExport.Run(gpt2, folder.File("gpt2.gguf"), GgufOutputType.F32, false, null).Path);
        Assert.Equal(512u, gpt2File["gpt2.context_length"]!.Value);
        Assert.Equal([128L, 512], gpt2File.Tensor("position_embd.weight").Dims);
        Assert.Equal([384L, 128], gpt2File.Tensor("blk.2.ffn_down.weight").Dims);
        Assert.DoesNotContain(gpt2File.Tensors, t => t.Name == "output.weight");
    }

    [Theory]
    [InlineData("neox-parallel", "llama.cpp's gptneox graph takes one size for every layer")]
    [InlineData("gpt2", "llama.cpp's gpt2 graph takes one size for every layer")]
    public void UnequalLayerWidthsAreRefusedLeavingNothing(string name, string named)
    {
        using var folder = new ExportFolder();
        string dir;
        using (var model = SmallModels.Create(SmallModels.Of(name), seed: 3))
        {
            NeuronRemoval.Apply(model, Enumerable.Range(0, model.Layers.Count)
                .Select(i => Enumerable.Range(0, 384).Where(n => n % (i + 2) != 0).Select(n => (long)n).ToArray()).ToList());
            dir = SmallModels.Save(model, folder.File(name));
        }
        var error = Assert.Throws<SharpPruneException>(() => GgufExport.Run(dir, folder.File("out.gguf"), GgufOutputType.F32, false, null));
        Assert.Equal($"{Path.Combine(dir, "config.json")}: layers of unequal widths or head counts: {named}", error.Message);
        Assert.Equal([name], folder.Entries);
    }

    void AssertLogitsAgree(string dir, LlamaCppModel llama, string what, double bound = 1e-3)
    {
        using var model = CausalLM.Load(dir);
        var tokenizer = TextTokenizer.Load(dir);
        var document = DocumentSource.ReadDocuments(Models.Brown, "text", maxDocs: 1, DocumentFilter.Parse("0.8:1"))[0];
        var sequence = tokenizer.Encode(document.Text).Take(256).ToList();
        Assert.Equal(256, sequence.Count);
        double error = Logits.RelativeError(model, llama, sequence);
        output.WriteLine($"{what}: relative logit error {error:E2}");
        Assert.True(error < bound, $"{what}: relative error {error:E2}");
    }
}
