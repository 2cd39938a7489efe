using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// The one-pass true-sequential walker against the plain way of doing the same thing, written here without the
/// walker: for each group in order (q/k/v, o, gate/up, down) run the whole layer over every batch capturing the
/// group's inputs, prune the group, and only then go on to the next group; the pruned layer's outputs feed the next layer.
/// </summary>
public class TrueSequentialTests
{
    static Tensor Ids() => tensor(Enumerable.Range(0, 5 * 16).Select(i => (long)((i * 37 + 11) % 512)).ToArray()).view(5, 16);

    const int BatchSize = 2;

    static List<IReadOnlyList<Linear>> Groups(DecoderLayer layer) =>
        [layer.Attention.Inputs, [layer.Attention.Output], layer.FeedForward.Expanding, [layer.FeedForward.Contracting]];

    /// <summary>Group after group, one full layer pass per group, as SparseGPT's reference code does it.</summary>
    static void PruneGroupByGroup(CausalLM model, PruningMethod method, SparsityPattern pattern)
    {
        using var _ = no_grad();
        var ids = Ids();
        var ctx = model.Context(ids.shape[1]);
        var hidden = Enumerable.Range(0, (int)Math.Ceiling(ids.shape[0] / (double)BatchSize))
            .Select(b => model.Embed(ids.narrow(0, b * BatchSize, Math.Min(BatchSize, ids.shape[0] - b * BatchSize)), ctx)).ToList();
        foreach (var layer in model.Layers)
        {
            foreach (var group in Groups(layer))
            {
                var statistics = group.ToDictionary(l => l, l => method.CreateStatistics(l)!);
                using (LinearInputs.Observe(group.ToDictionary(l => l, l => (Action<Tensor>)(x => statistics[l].AddBatch(x.reshape(-1, x.shape[^1]))))))
                    hidden.ForEach(x => layer.forward(x, ctx));
                foreach (var linear in group) method.Prune(linear, statistics[linear], pattern);
            }
            hidden = hidden.Select(x => layer.forward(x, ctx)).ToList();
        }
    }

    static bool Same(Tensor a, Tensor b) => a.equal(b).all().item<bool>();

    static IEnumerable<Tensor> Weights(CausalLM model) => model.Layers.SelectMany(l => l.Linears.Select(x => x.Linear.weight!));

    public static TheoryData<string, string> Cases() => new()
    {
        { "llama", "sparsegpt" }, { "llama", "wanda" }, { "gpt_neox", "sparsegpt" }, { "gpt2", "sparsegpt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnePassGivesExactlyTheWeightsOfGroupByGroupPasses(string family, string methodName)
    {
        var pattern = new UnstructuredPattern(0.5, PruningMethods.DefaultScope(methodName));
        using var walked = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 3);
        using var reference = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 3);

        var masks = new LayerwiseWalker(walked, Ids(), BatchSize) { TrueSequential = true }.Run(PruningMethods.Create(methodName), pattern, _ => true);
        PruneGroupByGroup(reference, PruningMethods.Create(methodName), pattern);

        Assert.Equal(walked.Layers.Sum(l => l.Linears.Count), masks.Count);
        foreach (var (actual, expected) in Weights(walked).Zip(Weights(reference)))
            Assert.True(Same(actual, expected), "true-sequential weights differ from the group-by-group reference");
    }

    [Fact]
    public void LaterGroupsAreCalibratedOnThePrunedEarlierOnesUnlikeTheDefaultWalker()
    {
        var pattern = new UnstructuredPattern(0.5, PruningScope.Matrix);
        using var sequential = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3);
        using var plain = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3);

        new LayerwiseWalker(sequential, Ids(), BatchSize) { TrueSequential = true }.Run(new SparseGptPruning(), pattern, _ => true);
        new LayerwiseWalker(plain, Ids(), BatchSize).Run(new SparseGptPruning(), pattern, _ => true);

        var first = (LlamaDecoderLayer)sequential.Layers[0];
        var other = (LlamaDecoderLayer)plain.Layers[0];
        // q/k/v see the same inputs either way; o_proj sees the pruned q/k/v's attention only in true-sequential order.
        Assert.True(Same(first.self_attn.q_proj.weight!, other.self_attn.q_proj.weight!));
        Assert.False(Same(first.self_attn.o_proj.weight!, other.self_attn.o_proj.weight!));
    }

    [Fact]
    public void OnlySelectedLinearsArePrunedAndTheRestStayBitIdentical()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3);
        using var dense = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3);

        var masks = new LayerwiseWalker(model, Ids(), BatchSize) { TrueSequential = true }
            .Run(new WandaPruning(), new UnstructuredPattern(0.5, PruningScope.Row), name => name.EndsWith("o_proj") || name.EndsWith("up_proj"));

        Assert.Equal(["model.layers.0.self_attn.o_proj", "model.layers.0.mlp.up_proj", "model.layers.1.self_attn.o_proj", "model.layers.1.mlp.up_proj"],
            masks.Select(m => m.Name));
        foreach (var ((name, linear), (_, original)) in model.Layers.SelectMany(l => l.Linears).Zip(dense.Layers.SelectMany(l => l.Linears)))
            Assert.Equal(!(name.EndsWith("o_proj") || name.EndsWith("up_proj")), Same(linear.weight!, original.weight!));
    }

    [Fact]
    public void AnOverflowInsideAWaitingForwardIsReportedAndEveryBatchThreadEnds()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 1);
        using (no_grad()) ((LlamaDecoderLayer)model.Layers[1]).mlp.up_proj.weight!.fill_(3e38f);
        var walker = new LayerwiseWalker(model, Ids(), BatchSize) { TrueSequential = true };

        // Returning at all shows the two batches stopped behind the failing one were unwound: the pass joins every thread.
        var error = Assert.Throws<SharpPruneException>(() => walker.Run(new WandaPruning(), new UnstructuredPattern(0.5, PruningScope.Row), _ => true));

        Assert.StartsWith("the calibration input of model.layers.1.mlp.down_proj (layer 1) holds NaN or Inf (", error.Message);
    }

    [Fact]
    public void DensePropagationIsRefused()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 1);
        var walker = new LayerwiseWalker(model, Ids(), BatchSize) { TrueSequential = true, PropagatePruned = false };

        var error = Assert.Throws<SharpPruneException>(() => walker.Run(new WandaPruning(), new UnstructuredPattern(0.5, PruningScope.Row), _ => true));

        Assert.Contains("cannot be combined with dense propagation", error.Message);
    }
}
