using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// What a model's weights say about it: architecture, parameter counts and the zeros of every decoder-layer linear
/// (the matrices pruning may touch), overall, per layer and per matrix.
/// </summary>
/// <param name="LinearSparsity">Zero fraction over all decoder-layer linears together.</param>
/// <param name="LayerSparsity">Zero fraction over each decoder layer's linears, in layer order.</param>
public sealed record ModelSummary(
    string ModelType, int Layers, int HiddenSize, IReadOnlyList<int> Heads, IReadOnlyList<int> KvHeads, IReadOnlyList<int> IntermediateSizes,
    int VocabSize, long Parameters, long NonzeroParameters, string Dtype, double LinearSparsity,
    IReadOnlyList<double> LayerSparsity, IReadOnlyList<MatrixSparsity> Matrices)
{
    public static ModelSummary Of(CausalLM model)
    {
        var c = model.Config;
        var matrices = new List<MatrixSparsity>();
        var layerSparsity = new List<double>();
        long zeros = 0, total = 0;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Outer parameters now; each layer's while it is in use (a stored-dtype or streamed model keeps them elsewhere between uses).
        var inLayers = model.Layers.SelectMany(l => l.parameters()).ToHashSet(ReferenceEqualityComparer.Instance);
        long nonzero;
        using (model.UseOuter()) nonzero = model.parameters().Where(p => !inLayers.Contains(p)).Sum(p => p.count_nonzero().item<long>());
        for (int i = 0; i < model.Layers.Count; i++)
        {
            using var use = model.UseLayer(i);
            nonzero += model.Layers[i].parameters().Sum(p => p.count_nonzero().item<long>());
            long layerZeros = 0, layerTotal = 0;
            foreach (var linear in model.NamedLinears(i))
            {
                var w = linear.Linear.weight!;
                long z = (w == 0).sum().item<long>();
                layerZeros += z;
                layerTotal += w.numel();
                matrices.Add(new MatrixSparsity(linear.WeightName, w.shape, (double)z / w.numel()));
            }
            layerSparsity.Add(layerTotal == 0 ? 0 : (double)layerZeros / layerTotal);
            zeros += layerZeros;
            total += layerTotal;
        }
        var layers = Enumerable.Range(0, c.NumLayers).ToArray();
        return new ModelSummary(c.ModelType, c.NumLayers, c.HiddenSize, layers.Select(c.HeadsOf).ToArray(), layers.Select(c.KvHeadsOf).ToArray(),
            layers.Select(c.IntermediateSizeOf).ToArray(), c.VocabSize, model.ParameterCount, nonzero,
            c.DeclaredDtype ?? "float32", total == 0 ? 0 : (double)zeros / total, layerSparsity, matrices);
    }
}
