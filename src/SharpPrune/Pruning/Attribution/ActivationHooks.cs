using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>Installs transforms at one attribution site of a model's layers and removes them on dispose, so no hook outlives its use.</summary>
public sealed class ActivationHooks : IDisposable
{
    readonly AttributionSite site;
    readonly List<DecoderLayer> installed = [];

    /// <param name="transformFor">The transform for a layer index, or null to leave that layer alone.</param>
    public ActivationHooks(CausalLM model, AttributionSite site, Func<int, Func<Tensor, Tensor>?> transformFor)
    {
        this.site = site;
        var layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (transformFor(i) is not { } transform) continue;
            site.SetTransform(layers[i], transform);
            installed.Add(layers[i]);
        }
    }

    public void Dispose()
    {
        foreach (var layer in installed) site.SetTransform(layer, null);
        installed.Clear();
    }
}
