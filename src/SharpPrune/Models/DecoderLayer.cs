using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>One transformer block of any family. Pruning walks these one at a time.</summary>
public abstract class DecoderLayer : nn.Module<Tensor, ForwardContext, Tensor>
{
    protected DecoderLayer(string name, int index) : base(name) => Index = index;

    /// <summary>Position of this layer in the stack (its KV-cache slot).</summary>
    public int Index { get; }

    /// <summary>
    /// The layer's linear maps with their names relative to the layer ("self_attn.q_proj", ...),
    /// in execution order. Weights are [out, in] whatever the checkpoint layout. Layers apply
    /// them through <see cref="LinearInputs"/>, so the pruning walker can observe every input.
    /// </summary>
    public abstract IReadOnlyList<(string Name, Linear Linear)> Linears { get; }

    /// <summary>The layer's MLP as intermediate neurons, for structured pruning and attribution.</summary>
    public abstract IFeedForward FeedForward { get; }

    /// <summary>The layer's attention as heads, for structured pruning and attribution.</summary>
    public abstract IAttentionHeads Attention { get; }
}
