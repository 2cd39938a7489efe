using System.Text.Json.Nodes;
using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// Deleting groups of attention heads is exactly zeroing those heads' outputs, in every family's q/k/v layout, and the
/// smaller model saves and loads back.
/// </summary>
public sealed class AttributionHeadRemovalTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-heads-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static CausalLM Model(string family) => CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 11, std: 0.3);

    static readonly long[] Ids = [1, 17, 40, 99, 7, 230, 12, 5];

    static Tensor Logits(CausalLM model, Func<int, Func<Tensor, Tensor>?>? hooks = null)
    {
        using var noGrad = no_grad();
        using var installed = new ActivationHooks(model, AttributionSite.Heads, hooks ?? (_ => null));
        return model.forward(tensor(Ids).unsqueeze(0));
    }

    /// <summary>1 on the output coordinates of the kept groups' query heads (group g serves heads g·q … g·q + q − 1), 0 elsewhere.</summary>
    static Tensor Mask(IAttentionHeads attention, long[] keptGroups)
    {
        int perGroup = attention.Heads / attention.KvHeads, d = attention.HeadDim;
        var mask = zeros(attention.Heads * d);
        foreach (var g in keptGroups) mask.narrow(0, g * perGroup * d, perGroup * d).fill_(1.0);
        return mask;
    }

    [Theory]
    [InlineData("llama", "0,2,3|1|0,1,2,3")]
    [InlineData("llama", "1,3|1,3|0,2")]
    [InlineData("gpt_neox", "1,3|0,1,2|2")]
    [InlineData("gpt_neox", "0,3|1,2|2,3")]
    [InlineData("gpt2", "0,3|1,2,3|0")]
    [InlineData("gpt2", "0|1|3")]
    public void PrunedModelEqualsZeroedHeadsAndReloadsAtItsSize(string family, string kept)
    {
        var groups = kept.Split('|').Select(l => l.Split(',').Select(long.Parse).ToArray()).ToList();
        using var original = Model(family);
        var before = original.Layers.Select(l => (l.Attention.Heads, l.Attention.KvHeads)).ToList();
        var masks = original.Layers.Select((l, i) => Mask(l.Attention, groups[i])).ToList();
        using var masked = Logits(original, i => a => a * masks[i]);
        using var pruned = Model(family);
        HeadRemoval.Apply(pruned, groups);

        var heads = groups.Select((g, i) => g.Length * before[i].Heads / before[i].KvHeads).ToArray();
        var kvHeads = groups.Select(g => g.Length).ToArray();
        for (int i = 0; i < groups.Count; i++)
        {
            var attention = pruned.Layers[i].Attention;
            Assert.Equal((heads[i], kvHeads[i]), (attention.Heads, attention.KvHeads));
            Assert.Equal((heads[i], kvHeads[i]), (pruned.Config.HeadsOf(i), pruned.Config.KvHeadsOf(i)));
            Assert.Equal(new long[] { 32, heads[i] * attention.HeadDim }, attention.Output.weight!.shape);
        }
        using var direct = Logits(pruned);
        Assert.True(allclose(direct, masked, rtol: 0, atol: 1e-5), $"max diff {(direct - masked).abs().max().item<float>()}");
        // The removed heads mattered: zeroing them changed the logits, so the equality above is not vacuous.
        using (var full = Logits(original)) Assert.False(allclose(full, masked, rtol: 0, atol: 1e-3));
        Assert.True(pruned.ParameterCount < original.ParameterCount);

        string dir = Path.Combine(temp, "pruned");
        pruned.Save(dir);
        using var reloaded = CausalLM.Load(dir);
        using var again = Logits(reloaded);
        Assert.True(allclose(again, masked, rtol: 0, atol: 1e-5));
        Assert.Equal(heads, Enumerable.Range(0, 3).Select(reloaded.Config.HeadsOf));
        Assert.Equal(kvHeads, Enumerable.Range(0, 3).Select(reloaded.Config.KvHeadsOf));

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        bool alike = heads.Distinct().Count() == 1;
        // A Llama whose layers all kept the same counts is a plain config Hugging Face loads (head_dim now explicit);
        // GPT-NeoX and GPT-2 derive the head size from hidden_size / heads, so they need the per-layer lists.
        bool plain = alike && family == "llama";
        Assert.Equal(!plain, config.ContainsKey(ModelConfigReader.LayerHeadsKey));
        Assert.Equal(!plain, config.ContainsKey(ModelConfigReader.LayerKvHeadsKey));
        if (plain)
        {
            Assert.Equal((heads[0], kvHeads[0], 4), ((int)config["num_attention_heads"]!, (int)config["num_key_value_heads"]!, (int)config["head_dim"]!));
        }
        else
        {
            Assert.Equal(heads, config[ModelConfigReader.LayerHeadsKey]!.AsArray().Select(n => (int)n!));
            Assert.Equal(kvHeads, config[ModelConfigReader.LayerKvHeadsKey]!.AsArray().Select(n => (int)n!));
        }
    }

    [Fact]
    public void AGroupScoresTheSumOfItsQueryHeadsAndEachLayerKeepsOne()
    {
        double[] scores = [1, 1, 0.5, 0.4, 3, 0, 2, 2];
        Assert.Equal(new[] { 2.0, 0.9, 3, 4 }, HeadSelection.GroupScores(scores, groups: 4));
        // Head 5 alone scores lowest, but its group with head 4 outscores group 1.
        Assert.Equal(new long[] { 0, 2, 3 }, HeadSelection.KeepGroups([scores], [4], 0.25)[0]);
        Assert.Equal(new long[] { 3 }, HeadSelection.KeepGroups([scores], [4], 0.99)[0]);
    }
}
