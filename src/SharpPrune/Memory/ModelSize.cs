using SharpPrune.Models;

namespace SharpPrune.Memory;

/// <summary>
/// The sizes a config implies, counted without building the model (which may not fit): all parameters,
/// and the decoder layers' linear maps, which pruning works on. Counts are doubles so a hostile
/// config's products cannot overflow, and layers are counted per distinct shape, never one by one,
/// so a config claiming billions of layers costs nothing to estimate. The shapes are the family's own
/// (<see cref="ModelArchitecture"/>); an unsupported family is refused, never sized as another.
/// </summary>
public sealed record ModelSize
{
    public required double Parameters { get; init; }

    /// <summary>Weights of every decoder-layer linear (the pruning candidates), biases excluded.</summary>
    public required double LinearWeights { get; init; }

    /// <summary>The linears of each distinct layer shape as [in, out]; layers differ only in their MLP width.</summary>
    public required IReadOnlyList<IReadOnlyList<(double In, double Out)>> LayerShapes { get; init; }

    public required int Layers { get; init; }

    /// <summary>Parameters outside the decoder layers: embeddings, final norm, an untied head.</summary>
    public required double OuterParameters { get; init; }

    /// <summary>Parameters of the largest decoder layer: what one layer in use holds.</summary>
    public required double LargestLayer { get; init; }

    public required double MaxIntermediate { get; init; }

    /// <summary>
    /// Entries of the largest tensor outside the decoder layers: the token embeddings, or an untied head of the same shape
    /// (every family's position table, where it has one, is no larger).
    /// </summary>
    public required double VocabMatrix { get; init; }

    /// <summary>Entries of the largest decoder-layer linear weight.</summary>
    public double LargestMatrix => LayerShapes.SelectMany(l => l).Max(l => l.In * l.Out);

    public static ModelSize Of(ModelConfig c)
    {
        var architecture = c.Architecture;
        IReadOnlyList<int> widths = c.LayerIntermediateSizes ?? [c.IntermediateSize];
        double LayerCount(int width) => c.LayerIntermediateSizes?.Count(w => w == width) ?? c.NumLayers;
        double outer = architecture.OuterParameters(c), parameters = outer, largestLayer = 0;
        double linearWeights = 0;
        var shapes = new List<IReadOnlyList<(double, double)>>();
        foreach (int width in widths.Distinct())
        {
            var linears = architecture.LayerLinears(c, width);
            double weights = linears.Sum(l => l.In * l.Out);
            parameters += LayerCount(width) * (weights + architecture.LayerVectors(c, width));
            linearWeights += LayerCount(width) * weights;
            largestLayer = Math.Max(largestLayer, weights + architecture.LayerVectors(c, width));
            shapes.Add(linears);
        }
        return new ModelSize
        {
            Parameters = parameters,
            LinearWeights = linearWeights,
            LayerShapes = shapes,
            Layers = c.NumLayers,
            OuterParameters = outer,
            LargestLayer = largestLayer,
            MaxIntermediate = widths.Max(),
            VocabMatrix = (double)c.VocabSize * c.HiddenSize,
        };
    }
}
