using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Streaming;

/// <summary>
/// bf16 checkpoints kept in bf16: the layers stay 2 bytes a weight between uses, the forward computes in float32 on the
/// upcast weights, and a pruned model is saved in bf16 with its zeros.
/// </summary>
[Collection(MetaConstruction.Name)]
public sealed class StoredDTypeTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-stored-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static Tensor Ids() => randint(0, 512, [2, 24], generator: new Generator(5));

    [Fact]
    public void AnEmbeddingBuiltOnTheMetaDeviceAllocatesNoTable()
    {
        // 250,000 × 1,024 float32 values are 1 GB, which libtorch's own Embedding allocates and initialises on the CPU
        // whatever the default device, and keeps.
        long before = Environment.WorkingSet;
        var previous = get_default_device();
        set_default_device(META);
        TorchSharp.Modules.Embedding embedding;
        try
        {
            embedding = EmbeddingTable.Create(250_000, 1024);
        }
        finally
        {
            set_default_device(previous);
        }
        using (embedding)
        {
            Assert.Equal(TorchSharp.DeviceType.META, embedding.weight!.device_type);
            Assert.Equal([250_000L, 1024L], embedding.weight.shape);
            Assert.True(Environment.WorkingSet - before < 0.4e9, $"resident memory grew by {(Environment.WorkingSet - before) / 1e9:F2} GB");
        }
    }

    [Theory]
    [InlineData("llama", WeightResidency.Stored)]
    [InlineData("gpt_neox", WeightResidency.Stored)]
    [InlineData("gpt2", WeightResidency.Stored)]
    [InlineData("llama", WeightResidency.Streamed)]
    [InlineData("gpt_neox", WeightResidency.Streamed)]
    [InlineData("gpt2", WeightResidency.Streamed)]
    public void Bf16ForwardEqualsTheFloat32ForwardOfTheRoundedWeights(string family, WeightResidency residency)
    {
        using var reference = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 9, std: 0.3);
        string dir = ModelFolder.Write(reference, Path.Combine(temp, family), SafetensorsDType.BF16, shards: 2);
        // The reference: the float32 model with every weight rounded to bf16 in place, by torch, outside the code under test.
        using (no_grad())
        {
            foreach (var p in reference.parameters())
            {
                using var rounded = p.to_type(ScalarType.BFloat16);
                p.copy_(rounded);
            }
        }
        using var loaded = CausalLM.Load(dir, CPU, residency);
        Assert.Equal(residency, loaded.Residency);
        Assert.Equal(reference.ParameterCount, loaded.ParameterCount);
        // Between uses a layer holds nothing in float32; a stored model keeps it in bf16.
        Assert.All(loaded.Layers.SelectMany(l => l.parameters()), p => Assert.Equal(0, p.numel()));
        if (residency == WeightResidency.Stored)
        {
            var disk = loaded.NamedLinears()[0].WeightName;
            using var held = loaded.Store!.Read(disk);
            Assert.Equal(ScalarType.BFloat16, held.dtype);
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var expected = reference.forward(Ids());
        var actual = loaded.forward(Ids());
        double tolerance = 1e-6 * expected.abs().max().item<float>();
        Assert.True((expected - actual).abs().max().item<float>() <= tolerance, $"{family}: logits differ by more than float32 rounding");
        Assert.All(loaded.Layers.SelectMany(l => l.parameters()), p => Assert.Equal(0, p.numel()));
    }

    [Fact]
    public void APrunedBf16ModelIsSavedInBf16WithItsZerosAndItsOtherTensorsUnchanged()
    {
        using var source = CausalLM.CreateRandom(TinyModels.Llama(layers: 2), seed: 4, std: 0.3);
        string dir = ModelFolder.Write(source, Path.Combine(temp, "bf16"), SafetensorsDType.BF16, shards: 1);
        string output = Path.Combine(temp, "pruned");
        PruningRun.Walker(new WalkerPruningRequest(dir, "magnitude", 0.5) { Stream = SharpPrune.Memory.StreamMode.Never }, new PruningOutput(output));
        using var before = CheckpointReader.Open(dir);
        using var after = CheckpointReader.Open(output);
        Assert.Equal(before.Names.Order(), after.Names.Order());
        foreach (var name in after.Names)
        {
            Assert.Equal(SafetensorsDType.BF16, after.Info(name).DType);
            using var w = after.Read(name);
            using var original = before.Read(name);
            bool pruned = name.Contains(".self_attn.") || name.Contains(".mlp.");
            if (!pruned)
            {
                Assert.Equal(original.bytes.ToArray(), w.bytes.ToArray());
                continue;
            }
            using var zero = w == 0;
            // Half of every matrix's entries are exact zeros; every other entry is the original bf16 value, unrounded twice.
            Assert.Equal(w.numel() / 2, zero.sum().item<long>());
            using var kept = (w == original) | zero;
            Assert.True(kept.all().item<bool>(), name);
        }
    }
}
