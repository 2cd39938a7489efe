using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>The walker hands each linear exactly the inputs a plain forward of the (pruned) model gives it.</summary>
public class LayerwiseWalkerTests
{
    /// <summary>Wanda, but keeping every input batch each linear saw.</summary>
    sealed class RecordingWanda : PruningMethod
    {
        readonly WandaPruning wanda = new();
        public Dictionary<Linear, List<Tensor>> Seen { get; } = [];

        public override string Name => "recording";
        public override bool NeedsCalibration => true;

        public override ILinearStatistics CreateStatistics(Linear linear) => new Recorder(Seen[linear] = [], wanda.CreateStatistics(linear));

        public override Tensor Prune(Linear linear, ILinearStatistics? statistics, SparsityPattern pattern) =>
            wanda.Prune(linear, ((Recorder)statistics!).Inner, pattern);

        sealed class Recorder(List<Tensor> seen, ILinearStatistics inner) : ILinearStatistics
        {
            public ILinearStatistics Inner => inner;
            public void AddBatch(Tensor inputs)
            {
                seen.Add(inputs.clone().DetachFromDisposeScope());
                inner.AddBatch(inputs);
            }
            public void Dispose() => inner.Dispose();
        }
    }

    static Tensor Ids() => tensor(Enumerable.Range(0, 3 * 16).Select(i => (long)((i * 37 + 11) % 512)).ToArray()).view(3, 16);

    static (CausalLM Model, RecordingWanda Method) Walk(bool propagate)
    {
        var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 5, std: 0.3);
        var method = new RecordingWanda();
        new LayerwiseWalker(model, Ids(), batchSize: 2) { PropagatePruned = propagate }
            .Run(method, new UnstructuredPattern(0.5, PruningScope.Row), _ => true);
        return (model, method);
    }

    static Tensor Seen(RecordingWanda method, Linear linear) => cat(method.Seen[linear], 0);

    [Fact]
    public void SecondLayerSeesThePrunedFirstLayersOutputs()
    {
        var (model, method) = Walk(propagate: true);
        var layer1 = (LlamaDecoderLayer)model.Layers[1];
        using var _ = no_grad();
        var ctx = model.Context(16);
        // Plain forward through the now-pruned first layer reproduces what layer 1's q_proj was fed.
        var expected = layer1.input_layernorm.call(model.Layers[0].call(model.Embed(Ids(), ctx), ctx)).reshape(-1, 32);
        Assert.True(allclose(Seen(method, layer1.self_attn.q_proj), expected, rtol: 1e-5, atol: 1e-6));
        // ... and the first layer's down_proj saw the gated activations of the dense inputs.
        var layer0 = (LlamaDecoderLayer)model.Layers[0];
        Assert.Equal(new long[] { 48, 48 }, Seen(method, layer0.mlp.down_proj).shape);
    }

    [Fact]
    public void WithoutPropagationTheSecondLayerSeesDenseOutputs()
    {
        var (walked, method) = Walk(propagate: false);
        var dense = CausalLM.CreateRandom(TinyModels.Llama(), seed: 5, std: 0.3);
        using var _ = no_grad();
        var ctx = dense.Context(16);
        var expected = ((LlamaDecoderLayer)dense.Layers[1]).input_layernorm
            .call(dense.Layers[0].call(dense.Embed(Ids(), ctx), ctx)).reshape(-1, 32);
        var q1 = ((LlamaDecoderLayer)walked.Layers[1]).self_attn.q_proj;
        Assert.True(allclose(Seen(method, q1), expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void WandaScoresUseTheCapturedColumnNorms()
    {
        var (model, method) = Walk(propagate: true);
        var q = ((LlamaDecoderLayer)model.Layers[0]).self_attn.q_proj;
        var norms = Seen(method, q).pow(2).sum(dim: 0).data<float>().ToArray();
        Assert.True(norms.Min() > 0);
        Assert.True(norms.Max() / norms.Min() > 1.5f, "columns should differ in norm");
    }
}
