using System.Text.Json.Nodes;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Tests.Memory;

/// <summary>The estimate of stored-dtype and streamed runs against sizes counted by hand, and the choice between them.</summary>
public sealed class ResidencyEstimateTests
{
    static ModelConfig Llama2_7B => ModelConfigReader.Parse(JsonNode.Parse("""
        {"model_type":"llama","vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":32,"max_position_embeddings":4096,"rms_norm_eps":1e-5,"tie_word_embeddings":false}
        """)!.AsObject(), "config.json");

    // By hand: embeddings and head 2 × 32000 × 4096 + the final norm 4096; a layer 4 × 4096² + 3 × 4096 × 11008 + 2 norms of 4096.
    const double Outer = 262_148_096, Layer = 202_383_360, LayerLinears = 202_375_168, Parameters = 6_738_415_616;

    static double Part(MemoryEstimate estimate, string name) => estimate.Parts.Single(p => p.Name == name).Bytes;

    [Fact]
    public void Bf16HeldInMemoryIsTwoBytesALayerWeightPlusOneLayerInFloat32()
    {
        var estimate = MemoryEstimate.Walker(Llama2_7B, new WandaPruning(), PruningScope.Row, 16, 8, 512, residency: WeightResidency.Stored, storedBytes: 2);
        Assert.Equal(4 * Outer + 2 * (Parameters - Outer), Part(estimate, "weights"));
        Assert.Equal(4 * Layer, Part(estimate, "layer in use"));
        // Each layer's masks are measured and dropped as it is done.
        Assert.Equal(LayerLinears, Part(estimate, "masks"));
    }

    const string OuterPhase = "embeddings and head, beyond the layer phase";

    [Fact]
    public void StreamedPruningPeaksWithALayerInUseWhenItsActivationsOutweighTheEmbeddingsAndHead()
    {
        var estimate = MemoryEstimate.Walker(Llama2_7B, new WandaPruning(), PruningScope.Row, 16, 8, 512, residency: WeightResidency.Streamed, storedBytes: 2);
        // One layer in float32 and its 4096 × 11008 down projection as read in bf16.
        Assert.Equal(4 * Layer + 2 * 4096.0 * 11008, Part(estimate, "weights"));
        Assert.Equal(LayerLinears, Part(estimate, "masks"));
        // Every window's hidden state twice (16 × 512 × 4096 floats), and one batch of 8 through a layer:
        // 8 × 512 × (2 × 4096 + 4 × 32 × 128 + 3 × 11008) floats.
        double activations = 4.0 * (2 * 16 * 512 * 4096 + 8 * 512 * (2 * 4096 + 4 * 32 * 128 + 3 * 11008));
        Assert.Equal(activations, Part(estimate, "activations"));
        // Row scope ranks a slice of rows at a time: the largest matrix's float32 scores are all it holds at once.
        Assert.Equal(4.0 * 4096 * 11008, Part(estimate, "ranking"));
        // The embeddings and head (4 × Outer + the head as read, 1.31 GB) beside the hidden states need less than this 2.8 GB.
        Assert.DoesNotContain(estimate.Parts, p => p.Name == OuterPhase);
        Assert.Equal(4 * Layer + 2 * 4096.0 * 11008 + LayerLinears + activations + 4.0 * 4096 * 11008 + MemoryEstimate.RuntimeBytes, estimate.PeakBytes);
        // A float32 checkpoint asked to be held in memory is held as float32: all of it.
        var f32 = MemoryEstimate.Walker(Llama2_7B, new WandaPruning(), PruningScope.Row, 16, 8, 512, residency: WeightResidency.Stored, storedBytes: 4);
        Assert.Equal(4 * Parameters, Part(f32, "weights"));
    }

    [Fact]
    public void LayerMajorPerplexityPeaksAtTheLargerOfItsLayerPhaseAndItsHeadPhase()
    {
        var estimate = MemoryEstimate.LayerMajorInference(Llama2_7B, 16, 512, 2);
        double hidden = 4.0 * 16 * 512 * 4096;
        Assert.Equal(4 * Layer + 2 * 4096.0 * 11008, Part(estimate, "weights"));
        Assert.Equal(hidden, Part(estimate, "hidden states"));
        // One window through a layer.
        Assert.Equal(4.0 * 512 * (2 * 4096 + 4 * 32 * 128 + 3 * 11008), Part(estimate, "activations"));
        // The 7B peak is the head phase: the embeddings and head in float32 with the head's 32000 × 4096 as read in bf16,
        // the hidden states, one window's logits and their log-softmax, and the runtime.
        Assert.Equal(4 * Outer + 2 * 32000.0 * 4096 + hidden + 2 * 4.0 * 512 * 32000 + MemoryEstimate.RuntimeBytes, estimate.PeakBytes);
        Assert.True(Part(estimate, OuterPhase) > 0);
        // With a 512-entry vocabulary the layer phase is the larger and the parts are just its own.
        var smallVocab = ModelConfigReader.Parse(JsonNode.Parse("""
            {"model_type":"llama","vocab_size":512,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
             "num_attention_heads":32,"num_key_value_heads":32,"max_position_embeddings":4096,"rms_norm_eps":1e-5,"tie_word_embeddings":false}
            """)!.AsObject(), "config.json");
        var small = MemoryEstimate.LayerMajorInference(smallVocab, 16, 512, 2);
        Assert.DoesNotContain(small.Parts, p => p.Name == OuterPhase);
        Assert.Equal(4 * Layer + 2 * 4096.0 * 11008 + hidden + 4.0 * 512 * (2 * 4096 + 4 * 32 * 128 + 3 * 11008) + MemoryEstimate.RuntimeBytes,
            small.PeakBytes);
    }

    [Fact]
    public void LayerMajorPassesHoldAsManyWindowsAsFitInFourFifthsOfWhatIsAvailable()
    {
        var fixedPart = MemoryEstimate.LayerMajorInference(Llama2_7B, 0, 512, 2).PeakBytes;
        double perWindow = 4.0 * 512 * 4096;
        Assert.Equal(fixedPart + 8 * perWindow, MemoryEstimate.LayerMajorInference(Llama2_7B, 8, 512, 2).PeakBytes);
        Assert.Equal(10, MemoryEstimate.WindowsPerPass(Llama2_7B, 100, 512, 2, (fixedPart + 10.5 * perWindow) / 0.8));
        Assert.Equal(3, MemoryEstimate.WindowsPerPass(Llama2_7B, 3, 512, 2, 1e12));
        Assert.Equal(1, MemoryEstimate.WindowsPerPass(Llama2_7B, 100, 512, 2, 1e6));
        Assert.Equal(100, MemoryEstimate.WindowsPerPass(Llama2_7B, 100, 512, 2, null));
    }

    [Fact]
    public void AutoStreamsWhenTheInMemoryRunIsAboveFourFifthsOfWhatIsAvailable()
    {
        var inMemory = new MemoryEstimate([new("weights", 20e9)]);
        var streamed = new MemoryEstimate([new("weights", 5e9)]);
        Assert.Equal(WeightResidency.Streamed, MemoryGuard.Choose("prune", StreamMode.Auto, inMemory, streamed, null, false, 22.9e9));
        Assert.Equal(WeightResidency.Stored, MemoryGuard.Choose("prune", StreamMode.Auto, inMemory, streamed, null, false, 26e9));
        Assert.Equal(WeightResidency.Stored, MemoryGuard.Choose("prune", StreamMode.Auto, inMemory, streamed, null, false, null));
        Assert.Equal(WeightResidency.Stored, MemoryGuard.Choose("prune", StreamMode.Never, inMemory, streamed, null, false, 22.9e9));
        Assert.Equal(WeightResidency.Streamed, MemoryGuard.Choose("prune", StreamMode.Always, inMemory, streamed, null, false, 100e9));
        var refused = Assert.Throws<SharpPruneException>(() => MemoryGuard.Choose("prune", StreamMode.Never, inMemory, streamed, null, false, 15e9));
        Assert.StartsWith("prune: estimated peak 20.0 GB exceeds available 15.0 GB", refused.Message);
        // Where the run cannot stream, auto keeps it in memory and always says why not.
        Assert.Equal(WeightResidency.Stored, MemoryGuard.Choose("prune", StreamMode.Auto, inMemory, null, "it cannot", false, 22.9e9));
        var error = Assert.Throws<SharpPruneException>(() => MemoryGuard.Choose("prune", StreamMode.Always, inMemory, null, "global ranks every layer at once", false, 100e9));
        Assert.Equal("--stream always: global ranks every layer at once", error.Message);
    }
}
