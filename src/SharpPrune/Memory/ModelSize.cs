using SharpPrune.Models;

namespace SharpPrune.Memory;

/// <summary>
/// The sizes a config implies, counted without building the model (which may not fit): all parameters,
/// and the decoder layers' linear maps, which pruning works on. Counts are doubles so a hostile
/// config's products cannot overflow, and layers are counted per distinct shape, never one by one,
/// so a config claiming billions of layers costs nothing to estimate.
/// </summary>
public sealed record ModelSize
{
    public required double Parameters { get; init; }

    /// <summary>Weights of every decoder-layer linear (the pruning candidates), biases excluded.</summary>
    public required double LinearWeights { get; init; }

    /// <summary>The linears of each distinct layer shape as [in, out]; layers differ only in their MLP width.</summary>
    public required IReadOnlyList<IReadOnlyList<(double In, double Out)>> LayerShapes { get; init; }

    public required int Layers { get; init; }

    public required double MaxIntermediate { get; init; }

    public static ModelSize Of(ModelConfig c)
    {
        double h = c.HiddenSize, v = c.VocabSize;
        IReadOnlyList<int> widths = c.LayerIntermediateSizes ?? [c.IntermediateSize];
        double LayerCount(int width) => c.LayerIntermediateSizes?.Count(w => w == width) ?? c.NumLayers;
        double parameters = v * h + (c.TieEmbeddings ? 0 : v * h) + (c.Family == ModelFamily.Llama ? h : 2 * h);
        if (c.Family == ModelFamily.Gpt2) parameters += (double)c.MaxPositions * h;
        double linearWeights = 0;
        var shapes = new List<IReadOnlyList<(double, double)>>();
        foreach (int width in widths.Distinct())
        {
            var linears = Linears(c, width);
            double weights = linears.Sum(l => l.In * l.Out);
            parameters += LayerCount(width) * (weights + LayerVectors(c, width));
            linearWeights += LayerCount(width) * weights;
            shapes.Add(linears);
        }
        return new ModelSize
        {
            Parameters = parameters,
            LinearWeights = linearWeights,
            LayerShapes = shapes,
            Layers = c.NumLayers,
            MaxIntermediate = widths.Max(),
        };
    }

    /// <summary>[in, out] of a layer's linears, as each family's modules build them.</summary>
    static List<(double In, double Out)> Linears(ModelConfig c, double i)
    {
        double h = c.HiddenSize, q = (double)c.NumHeads * c.HeadDim, kv = (double)c.NumKvHeads * c.HeadDim;
        return c.Family == ModelFamily.Llama
            ? [(h, q), (h, kv), (h, kv), (q, h), (h, i), (h, i), (i, h)]
            : [(h, 3 * h), (h, h), (h, i), (i, h)];
    }

    /// <summary>A layer's biases and norm parameters.</summary>
    static double LayerVectors(ModelConfig c, double i)
    {
        double h = c.HiddenSize, qkv = ((double)c.NumHeads + 2.0 * c.NumKvHeads) * c.HeadDim;
        return c.Family switch
        {
            ModelFamily.Llama => 2 * h + (c.QkvBias ? qkv : 0) + (c.OutputBias ? h : 0) + (c.MlpBias ? 2 * i + h : 0),
            ModelFamily.GptNeoX => 4 * h + (c.QkvBias ? 3 * h : 0) + (c.OutputBias ? h : 0) + (c.MlpBias ? i + h : 0),
            _ => 4 * h + 3 * h + h + i + h,
        };
    }
}
