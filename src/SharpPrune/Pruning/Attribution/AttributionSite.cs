using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Where attribution reads a layer's activations, and how their coordinates make the units it ranks: the MLP's
/// intermediate activations, one neuron per coordinate, or the attention's head outputs before the output projection,
/// one head per headDim coordinates (a head's value is the sum over its coordinates).
/// </summary>
public sealed class AttributionSite
{
    public static readonly AttributionSite Neurons = new("ffn_neurons",
        (layer, transform) => layer.FeedForward.IntermediateTransform = transform,
        layer => (int)layer.FeedForward.Contracting.weight!.shape[1],
        (values, _) => values);

    public static readonly AttributionSite Heads = new("attention_heads",
        (layer, transform) => layer.Attention.OutputTransform = transform,
        layer => layer.Attention.Heads,
        (values, layer) => values.reshape(values.shape[0], -1, layer.Attention.HeadDim).sum(dim: 2));

    readonly Action<DecoderLayer, Func<Tensor, Tensor>?> setTransform;
    readonly Func<DecoderLayer, int> units;
    readonly Func<Tensor, DecoderLayer, Tensor> perUnit;

    AttributionSite(string name, Action<DecoderLayer, Func<Tensor, Tensor>?> setTransform, Func<DecoderLayer, int> units,
        Func<Tensor, DecoderLayer, Tensor> perUnit) =>
        (Name, this.setTransform, this.units, this.perUnit) = (name, setTransform, units, perUnit);

    /// <summary>The units' name in pruning.json.</summary>
    public string Name { get; }

    /// <summary>Installs (or with null removes) the layer's transform of the activations at this site.</summary>
    public void SetTransform(DecoderLayer layer, Func<Tensor, Tensor>? transform) => setTransform(layer, transform);

    public int Units(DecoderLayer layer) => units(layer);

    /// <summary>Per-coordinate values [time, coordinates] summed into per-unit ones [time, units].</summary>
    public Tensor PerUnit(Tensor perCoordinate, DecoderLayer layer) => perUnit(perCoordinate, layer);
}
