using SharpPrune.IO;

namespace SharpPrune.Tests.IO;

/// <summary>Files written by Python's safetensors and transformers, read back with hand-known contents.</summary>
public sealed class ReferenceFileTests
{
    static string Models => Path.Combine(RepoPaths.Fixtures, "reference", "models");

    [Fact]
    public void ReadsThePythonWrittenReferenceOutputs()
    {
        using var file = SafetensorsFile.Open(Path.Combine(Models, "llama_gqa", "reference.safetensors"));

        Assert.Equal(["input_ids", "logits"], file.Names);
        using var ids = file.Read("input_ids");
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, ids.dtype);
        Assert.Equal([24L], ids.shape);
        var expected = Enumerable.Range(0, 24).Select(i => (long)((7 * i * i + 3 * i + 1) % 96)).ToArray();
        Assert.Equal(expected, ids.data<long>().ToArray());
        var logits = file.Info("logits");
        Assert.Equal(SafetensorsDType.F64, logits.DType);
        Assert.Equal([24L, 96L], logits.Shape);
        Assert.Equal(24 * 96 * 8, logits.ByteLength);
        using var values = file.Read("logits");
        Assert.True(values.isfinite().all().item<bool>());
    }

    [Fact]
    public void ReadsTheStories260KModel()
    {
        using var model = CheckpointReader.Open(Path.Combine(RepoPaths.Shared, "models", "stories260K"));

        Assert.False(model.IsSharded);
        Assert.Equal(47, model.Names.Count);
        Assert.All(model.Names, name => Assert.Equal(SafetensorsDType.F32, model.Info(name).DType));
        Assert.Equal(260_032, model.Names.Sum(name => model.Info(name).ElementCount));
        Assert.Equal("model.safetensors", model.ShardOf("model.embed_tokens.weight"));
        Assert.Equal("pt", model.Metadata["format"]);
        using var embedding = model.Read("model.embed_tokens.weight");
        Assert.Equal([512L, 64L], embedding.shape);
    }

    [Fact]
    public void ReadsTheShardedModelThroughItsIndex()
    {
        using var model = CheckpointReader.Open(Path.Combine(Models, "llama_tied_sharded"));

        Assert.True(model.IsSharded);
        Assert.Equal(20, model.Names.Count);
        Assert.Equal("model-00001-of-00005.safetensors", model.ShardOf("model.embed_tokens.weight"));
        Assert.Equal("model-00005-of-00005.safetensors", model.ShardOf("model.norm.weight"));
        Assert.Equal([96L, 32L], model.Info("model.embed_tokens.weight").Shape);
        // The index's own metadata says 82560 bytes in all.
        Assert.Equal(82_560, model.Names.Sum(name => model.Info(name).ByteLength));
        using var embedding = model.Read("model.embed_tokens.weight");
        Assert.Equal([96L, 32L], embedding.shape);
    }
}
