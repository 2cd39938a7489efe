using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Cli;

/// <summary>What <c>info</c> reports about a model.</summary>
internal sealed record ModelSummary(
    string ModelType, int Layers, int HiddenSize, IReadOnlyList<int> Heads, IReadOnlyList<int> KvHeads, IReadOnlyList<int> IntermediateSizes,
    int VocabSize, long Parameters, string Dtype, double LinearSparsity, IReadOnlyList<MatrixSparsity> Matrices)
{
    public static ModelSummary Of(CausalLM model)
    {
        var c = model.Config;
        var matrices = new List<MatrixSparsity>();
        long zeros = 0, total = 0;
        using var _ = no_grad();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            foreach (var (name, linear) in model.Layers[i].Linears)
            {
                var w = linear.weight!;
                long z = (w == 0).sum().item<long>();
                zeros += z;
                total += w.numel();
                matrices.Add(new MatrixSparsity(model.LayerPrefix(i) + name + ".weight", w.shape, (double)z / w.numel()));
            }
        }
        var layers = Enumerable.Range(0, c.NumLayers).ToArray();
        return new ModelSummary(c.ModelType, c.NumLayers, c.HiddenSize, layers.Select(c.HeadsOf).ToArray(), layers.Select(c.KvHeadsOf).ToArray(),
            layers.Select(c.IntermediateSizeOf).ToArray(), c.VocabSize, model.ParameterCount,
            c.DeclaredDtype ?? "float32", total == 0 ? 0 : (double)zeros / total, matrices);
    }
}

internal sealed record MatrixSparsity(string Name, long[] Shape, double Sparsity);
