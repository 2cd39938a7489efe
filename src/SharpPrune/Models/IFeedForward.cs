using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// A layer's MLP seen as its intermediate neurons: neuron k is row k of every expanding linear (gate/up, fc_in) and
/// column k of the contracting one (down, fc_out). Structured pruning and attribution work on this view for every family.
/// </summary>
public interface IFeedForward
{
    /// <summary>The linears whose output rows are the neurons (gate and up for gated MLPs).</summary>
    IReadOnlyList<Linear> Expanding { get; }

    /// <summary>The linear whose input columns are the neurons.</summary>
    Linear Contracting { get; }

    /// <summary>
    /// Applied to the intermediate activations a [batch, time, width] (after the activation, times up for gated MLPs)
    /// just before the contracting linear; null = identity. Attribution reads and scales a through it.
    /// </summary>
    Func<Tensor, Tensor>? IntermediateTransform { get; set; }
}
