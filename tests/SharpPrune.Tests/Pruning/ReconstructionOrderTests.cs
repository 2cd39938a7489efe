using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using SharpPrune.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>On real activations of the shared model, ‖WX − ŴX‖ orders SparseGPT &lt; Wanda &lt; magnitude.</summary>
public class ReconstructionOrderTests
{
    static (Tensor X, CausalLM Model) CapturedInputsOfLayer2QProj()
    {
        var model = CausalLM.Load(TinyModels.StoriesDir);
        var tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);
        using var calibration = CalibrationSampler.Sample(
            new CalibrationSpec(TinyModels.Brown, Samples: 16, SeqLen: 128, Seed: 2, Filter: DocumentFilter.Parse("0:0.8")), tokenizer);
        using var _ = no_grad();
        var ctx = model.Context(128);
        var hidden = model.Embed(calibration.Ids, ctx);
        hidden = model.Layers[1].call(model.Layers[0].call(hidden, ctx), ctx);
        var x = ((LlamaDecoderLayer)model.Layers[2]).input_layernorm.call(hidden).reshape(-1, 64);
        return (x.DetachFromDisposeScope(), model);
    }

    static double Error(Tensor x, Tensor dense, Tensor pruned) => (x.matmul(dense.t()) - x.matmul(pruned.t())).pow(2).sum().item<float>();

    /// <remarks>All three at the same scope: at 50 % on this 64-wide layer, per-matrix selection beats
    /// per-row for every method, so mixing each method's default scope would compare scopes, not methods.</remarks>
    [Theory]
    [InlineData("unstructured", PruningScope.Matrix)]
    [InlineData("unstructured", PruningScope.Row)]
    [InlineData("2:4", PruningScope.Row)]
    public void SparseGptBeatsWandaBeatsMagnitude(string patternName, PruningScope scope)
    {
        var (x, model) = CapturedInputsOfLayer2QProj();
        var q = ((LlamaDecoderLayer)model.Layers[2]).self_attn.q_proj;
        var dense = q.weight!.detach().clone();
        var errors = new Dictionary<string, double>();
        foreach (var method in new PruningMethod[] { new MagnitudePruning(), new WandaPruning(), new SparseGptPruning() })
        {
            using (no_grad()) q.weight!.copy_(dense);
            var pattern = SparsityPattern.Parse(patternName, 0.5, scope);
            using var stats = method.CreateStatistics(q);
            stats?.AddBatch(x);
            method.Prune(q, stats, pattern).Dispose();
            errors[method.Name] = Error(x, dense, q.weight!.detach());
        }
        Assert.True(errors["sparsegpt"] < errors["wanda"] && errors["wanda"] < errors["magnitude"], string.Join(", ", errors));
    }
}
