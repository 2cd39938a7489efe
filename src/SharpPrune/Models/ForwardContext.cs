using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// What every decoder layer needs besides its hidden states for one forward call: the rotary
/// tables for these positions, the attention mask (null = plain causal), and the KV cache.
/// </summary>
public sealed class ForwardContext
{
    public required long PositionOffset { get; init; }
    public Tensor? Cos { get; init; }
    public Tensor? Sin { get; init; }
    /// <summary>Boolean [queries, keys], true where attention is allowed; null when plain causal suffices.</summary>
    public Tensor? Mask { get; init; }
    public KvCache? Cache { get; init; }
}
