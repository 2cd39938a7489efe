using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>Deleting FFN neurons is exactly zeroing their activations, and the smaller model saves and loads back.</summary>
public sealed class AttributionRemovalTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-attr-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static CausalLM Model() => CausalLM.CreateRandom(TinyModels.Llama(layers: 3), seed: 11, std: 0.3);

    static readonly long[] Ids = [1, 17, 40, 99, 7, 230, 12, 5];

    static Tensor Logits(CausalLM model, Func<int, Func<Tensor, Tensor>?>? hooks = null)
    {
        using var noGrad = no_grad();
        using var installed = new ActivationHooks(model, AttributionSite.Neurons, hooks ?? (_ => null));
        return model.forward(tensor(Ids).unsqueeze(0));
    }

    static IReadOnlyList<long[]> Keep(int[] removed, int width = 48)
    {
        var random = new Random(5);
        return removed.Select(r => Enumerable.Range(0, width).OrderBy(_ => random.Next()).Skip(r).Order().Select(k => (long)k).ToArray()).ToList();
    }

    [Theory]
    [InlineData(new[] { 14, 14, 14 })]
    [InlineData(new[] { 5, 30, 0 })]
    public void PrunedModelEqualsMaskedActivationsAndReloadsAtItsSize(int[] removed)
    {
        var keep = Keep(removed);
        using var original = Model();
        var masks = keep.Select(k => zeros(48).index_fill_(0, tensor(k), 1.0)).ToList();
        using var masked = Logits(original, i => a => a * masks[i]);
        using var pruned = Model();
        NeuronRemoval.Apply(pruned, keep);
        var widths = keep.Select(k => k.Length).ToArray();
        for (int i = 0; i < widths.Length; i++)
        {
            var ff = pruned.Layers[i].FeedForward;
            Assert.All(ff.Expanding, l => Assert.Equal(new long[] { widths[i], 32 }, l.weight!.shape));
            Assert.Equal(new long[] { 32, widths[i] }, ff.Contracting.weight!.shape);
            Assert.Equal(widths[i], pruned.Config.IntermediateSizeOf(i));
        }
        using var direct = Logits(pruned);
        Assert.True(allclose(direct, masked, rtol: 0, atol: 1e-5), $"max diff {(direct - masked).abs().max().item<float>()}");
        Assert.True(pruned.ParameterCount < original.ParameterCount);

        string dir = Path.Combine(temp, "pruned");
        pruned.Save(dir);
        using var reloaded = CausalLM.Load(dir);
        using var again = Logits(reloaded);
        Assert.True(allclose(again, masked, rtol: 0, atol: 1e-5));
        Assert.Equal(widths, Enumerable.Range(0, 3).Select(reloaded.Config.IntermediateSizeOf));
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        Assert.Equal(widths.Max(), (int)config["intermediate_size"]!);
        // Equal widths stay a plain config any Hugging Face loader reads; only unequal ones need our per-layer list.
        Assert.Equal(widths.Distinct().Count() > 1, config.ContainsKey(ModelConfigReader.LayerIntermediateSizesKey));
    }

    [Fact]
    public void PerLayerSelectionRemovesTheFloorOfTheRatioLowestScores()
    {
        double[][] scores = [[5, 1, 4, 2, 3], [0, 0, 9, 8, 7, 6, 5, 4, 3, 2]];
        var keep = UnitSelection.Keep(scores, 0.3, global: false, minKeep: 0.1);
        Assert.Equal(new long[] { 0, 2, 3, 4 }, keep[0]);
        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7, 8 }, keep[1]);
    }

    [Fact]
    public void GlobalSelectionRanksAcrossLayersButKeepsEachLayersFloor()
    {
        double[][] scores = [[0.1, 0.2, 0.3, 0.4], [5, 6, 7, 8]];
        var keep = UnitSelection.Keep(scores, 0.5, global: true, minKeep: 0.5);
        // The four lowest are all layer 0's, but it keeps half: the budget moves on to layer 1's lowest.
        Assert.Equal(new long[] { 2, 3 }, keep[0]);
        Assert.Equal(new long[] { 2, 3 }, keep[1]);
    }
}
