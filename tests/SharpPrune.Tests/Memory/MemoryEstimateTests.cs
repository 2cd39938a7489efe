using System.Text.Json.Nodes;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Tests.Memory;

/// <summary>The estimator against sizes counted by hand and against the models our code builds.</summary>
public sealed class MemoryEstimateTests
{
    static ModelConfig Config(string json) => ModelConfigReader.Parse(JsonNode.Parse(json)!.AsObject(), "config.json");

    /// <summary>Llama 2 7B's config.json as Meta ships it.</summary>
    static ModelConfig Llama2_7B => Config("""
        {"model_type":"llama","vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":32,"max_position_embeddings":4096,"rms_norm_eps":1e-5,"tie_word_embeddings":false}
        """);

    /// <summary>Wanda or SparseGPT through the walker with the method's default scope, every weight float32.</summary>
    static MemoryEstimate Calibrated(ModelConfig config, string method, long samples, long batch, long tokens, bool trueSequential = false) =>
        MemoryEstimate.Walker(config, PruningMethods.Create(method), PruningMethods.DefaultScope(method), samples, batch, tokens, trueSequential);

    static ModelConfig Stories260K => ModelConfigReader.ReadFolder(TinyModels.StoriesDir);

    [Fact]
    public void Llama2Of7BHasItsPublishedParameterCount()
    {
        var size = ModelSize.Of(Llama2_7B);
        Assert.Equal(6_738_415_616, size.Parameters);
        // 32 layers × (4 attention projections of 4096² + 3 MLP projections of 4096 × 11008)
        Assert.Equal(32.0 * (4 * 4096 * 4096 + 3 * 4096 * 11008), size.LinearWeights);
    }

    [Fact]
    public void SizesMatchTheBuiltModelForEveryReferenceFamilyAndForUnequalWidths()
    {
        var configs = Directory.GetDirectories(Path.Combine(RepoPaths.Fixtures, "reference", "models")).Select(ModelConfigReader.ReadFolder).ToList();
        var pruned = TinyModels.Llama().Raw.DeepClone().AsObject();
        pruned[ModelConfigReader.LayerIntermediateSizesKey] = new JsonArray(48, 20);
        configs.Add(ModelConfigReader.Parse(pruned, "pruned"));
        Assert.Equal(9, configs.Count);
        foreach (var config in configs)
        {
            using var model = CausalLM.Construct(config);
            var size = ModelSize.Of(config);
            Assert.Equal(model.ParameterCount, size.Parameters);
            Assert.Equal(model.Layers.Sum(l => l.Linears.Sum(x => x.Linear.weight!.numel())), size.LinearWeights);
        }
    }

    [Fact]
    public void SparseGptOnLlama2Of7BAddsUpByHand()
    {
        var estimate = Calibrated(Llama2_7B, "sparsegpt", samples: 128, batch: 8, tokens: 2048);
        Assert.Equal(
        [
            new MemoryPart("weights", 4.0 * 6_738_415_616),
            new MemoryPart("masks", 6_476_005_376),
            // every window's hidden state twice: 2·4·128·2048·4096; one layer's forward set for a batch of 8:
            // 4·8·2048·(2·4096 + (2·32 + 2·32)·128 + 3·11008) = 4·8·2048·57 600
            new MemoryPart("activations", 8_589_934_592.0 + 3_774_873_600.0),
            // one layer's Hessians: 4 · (6 · 4096² + 11008²)
            new MemoryPart("Hessians", 887_357_440),
            // down_proj's solve: 4 · (2 · 11008² + 2 · 11008 · 4096)
            new MemoryPart("solver", 1_330_118_656),
            new MemoryPart("runtime", 300_000_000),
        ], estimate.Parts);
        Assert.Equal(48_311_952_128, estimate.PeakBytes);
        Assert.Equal("weights 27.0 GB, masks 6.5 GB, activations 12.4 GB, Hessians 887.4 MB, solver 1.3 GB, runtime 300.0 MB", estimate.ToString());
    }

    [Fact]
    public void TrueSequentialHoldsEveryWindowsResidualStreamAndMlpProductAtOnce()
    {
        var estimate = Calibrated(Llama2_7B, "wanda", samples: 128, batch: 8, tokens: 2048, trueSequential: true);
        // 2·4·128·2048·4096 for the hidden states, the 120 waiting windows' 4·120·2048·(2·4096 + 11008) = 4·120·2048·19 200,
        // and the computing batch's full forward set, 4·8·2048·57 600.
        Assert.Equal(new MemoryPart("activations", 8_589_934_592.0 + 18_874_368_000.0 + 3_774_873_600.0), estimate.Parts.Single(p => p.Name == "activations"));
    }

    [Fact]
    public void DPrunerOnStories260KPeaksInStage2WithGradientsAndThreeScoreBuffers()
    {
        // stories260K: 260 032 parameters, of which 226 560 in the 5 layers' linears.
        var estimate = MemoryEstimate.DPruner(Stories260K, generalSamples: 128, generalTokens: 512, batch: 8, domainTokens: 512);
        Assert.Equal(
        [
            new MemoryPart("weights", 1_040_128),
            new MemoryPart("gradients", 1_040_128),
            new MemoryPart("importance", 3 * 4 * 226_560),
            // checkpointed backward: the 5 layers' inputs (4·8·512·64 each), 2 × one layer's 4·8·512·(2·64 + (16 + 8)·8 + 3·172 = 836),
            // plus 3 × 4·8·512·512 of logits
            new MemoryPart("activations", 5 * 1_048_576 + 2 * 13_697_024 + 25_165_824),
            new MemoryPart("runtime", 300_000_000),
        ], estimate.Parts);
        Assert.Equal(362_601_728, estimate.PeakBytes);
    }

    [Fact]
    public void InferenceCountsTheWeightsOneLayerTheLogitsAndForGenerationTheCache()
    {
        var estimate = MemoryEstimate.Inference(Stories260K, batch: 1, tokens: 512, kvCache: true);
        Assert.Equal(
        [
            new MemoryPart("weights", 1_040_128),
            new MemoryPart("activations", 4 * 512 * 836 + 2 * 4 * 512 * 512),
            // keys and values of 5 layers × 512 positions × 4 KV heads × 8 dims
            new MemoryPart("KV cache", 2 * 4 * 5 * 512 * 4 * 8),
            new MemoryPart("runtime", 300_000_000),
        ], estimate.Parts);
    }

    [Fact]
    public void GlobalMagnitudeRanksEveryLinearWeightAtOnce()
    {
        Assert.Equal(16.0 * 226_560, MemoryEstimate.Magnitude(Stories260K, global: true).Parts.Single(p => p.Name == "ranking").Bytes);
        Assert.Equal(16.0 * 64 * 172, MemoryEstimate.Magnitude(Stories260K, global: false).Parts.Single(p => p.Name == "ranking").Bytes);
    }

    [Fact]
    public void TheGuardRefusesInOneLineNamingEstimateAndAvailableUnlessForced()
    {
        var estimate = Calibrated(Llama2_7B, "sparsegpt", 128, 8, 2048);
        var error = Assert.Throws<SharpPruneException>(() => MemoryGuard.Check("prune", estimate, force: false, available: 22.9e9));
        Assert.Equal("prune: estimated peak 48.3 GB exceeds available 22.9 GB (weights 27.0 GB, masks 6.5 GB, activations 12.4 GB, "
            + "Hessians 887.4 MB, solver 1.3 GB, runtime 300.0 MB); pass --force to run anyway", error.Message);
        MemoryGuard.Check("prune", estimate, force: true, available: 22.9e9);
        MemoryGuard.Check("prune", estimate, force: false, available: 49e9);
        MemoryGuard.Check("prune", estimate, force: false, available: null);
    }

    [Fact]
    public void AConfigClaimingBillionsOfLayersIsEstimatedAtOnceWithoutOverflow()
    {
        var huge = Config("""
            {"model_type":"llama","vocab_size":2147483647,"hidden_size":2147483647,"intermediate_size":2147483647,"num_hidden_layers":2147483647,
             "num_attention_heads":1,"num_key_value_heads":1,"max_position_embeddings":2147483647,"rms_norm_eps":1e-5}
            """);
        var estimate = MemoryEstimate.DPruner(huge, 128, 2048, 8, 1024);
        Assert.True(double.IsFinite(estimate.PeakBytes) && estimate.PeakBytes > 1e28);
    }

    [Fact]
    public void AFamilyWithoutAnArchitectureIsRefusedByNameRatherThanSizedAsAnother()
    {
        // Before families owned their shapes, any family but Llama was sized as fused-qkv GPT-2 without a word.
        var unknown = Stories260K with { Family = (ModelFamily)99 };
        foreach (var estimate in new Func<MemoryEstimate>[]
                 {
                     () => MemoryEstimate.Inference(unknown, batch: 1, tokens: 16),
                     () => MemoryEstimate.Magnitude(unknown, global: false),
                     () => Calibrated(unknown, "wanda", samples: 4, batch: 4, tokens: 16),
                     () => MemoryEstimate.DPruner(unknown, 4, 16, 4, 16),
                     () => MemoryEstimate.Attribution(unknown, 1, 16),
                 })
            Assert.Equal("unsupported model family '99'", Assert.Throws<SharpPruneException>(estimate).Message);
    }
}
