using SharpPrune.IO;
using SharpPrune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Models;

/// <summary>
/// Logits of small randomly initialised models of every family, with the family's real options
/// on, against float64 logits computed by Hugging Face transformers itself
/// (tests/reference/make_reference.py writes tests/fixtures/reference/models/*).
/// </summary>
public class ReferenceLogitsTests
{
    public static TheoryData<string> Families =>
    [
        "llama_gqa", "llama_tied_sharded", "llama3_rope", "qwen2_bias", "mistral_gqa", "neox_parallel", "neox_sequential", "gpt2",
    ];

    static (Tensor Ids, Tensor Logits) Reference(string dir)
    {
        using var file = SafetensorsFile.Open(Path.Combine(dir, "reference.safetensors"));
        return (file.Read("input_ids"), file.Read("logits"));
    }

    static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to_type(ScalarType.Float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();

    [Theory]
    [MemberData(nameof(Families))]
    public void Float32LogitsMatchTransformersWithin1e4(string name)
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "reference", "models", name);
        using var model = CausalLM.Load(dir);
        var (ids, expected) = Reference(dir);
        using var _ = no_grad();
        var logits = model.forward(ids.unsqueeze(0))[0];
        Assert.Equal(expected.shape, logits.shape);
        Assert.True(RelativeError(logits, expected) < 1e-4, $"{name}: relative error {RelativeError(logits, expected):E2}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Float64LogitsMatchTransformersClosely(string name)
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "reference", "models", name);
        using var model = CausalLM.Load(dir);
        model.to(ScalarType.Float64);
        var (ids, expected) = Reference(dir);
        using var _ = no_grad();
        var logits = model.forward(ids.unsqueeze(0))[0];
        // Rotary tables are float32 in both implementations, which bounds the agreement at ~1e-7.
        Assert.True(RelativeError(logits, expected) < 1e-5, $"{name}: relative error {RelativeError(logits, expected):E2}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void IncrementalDecodingWithKvCacheEqualsFullForward(string name)
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "reference", "models", name);
        using var model = CausalLM.Load(dir);
        var (ids, _) = Reference(dir);
        using var _ = no_grad();
        var full = model.forward(ids.unsqueeze(0))[0];
        using var cache = new KvCache(model.Config.NumLayers);
        var prefix = model.Forward(ids.narrow(0, 0, 10).unsqueeze(0), cache)[0];
        var steps = new List<Tensor> { prefix };
        for (int t = 10; t < ids.shape[0]; t++) steps.Add(model.Forward(ids.narrow(0, t, 1).unsqueeze(0), cache)[0]);
        var incremental = cat(steps, 0);
        Assert.True(RelativeError(incremental, full.to_type(ScalarType.Float64)) < 1e-5);
    }
}
