using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>Installs intermediate transforms on a model's MLPs and removes them on dispose, so no hook outlives its use.</summary>
public sealed class FeedForwardHooks : IDisposable
{
    readonly List<IFeedForward> installed = [];

    /// <param name="transformFor">The transform for a layer index, or null to leave that layer alone.</param>
    public FeedForwardHooks(CausalLM model, Func<int, Func<Tensor, Tensor>?> transformFor)
    {
        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (transformFor(i) is not { } transform) continue;
            var ff = model.Layers[i].FeedForward;
            ff.IntermediateTransform = transform;
            installed.Add(ff);
        }
    }

    public void Dispose()
    {
        foreach (var ff in installed) ff.IntermediateTransform = null;
        installed.Clear();
    }
}
