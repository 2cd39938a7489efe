namespace SharpPrune.Models;

/// <summary>How a loaded model holds its decoder layers' weights between uses (embeddings, final norm and head are always float32 in memory).</summary>
public enum WeightResidency
{
    /// <summary>Every weight a float32 parameter, always: what training and the gradient methods (D-Pruner, attribution) need.</summary>
    Float32,

    /// <summary>
    /// Decoder layers kept in memory in the checkpoint's dtype (2 bytes a weight for bf16 and fp16) and upcast to float32 one
    /// layer at a time while it runs (<see cref="CausalLM.UseLayer"/>). A float32 checkpoint loads as <see cref="Float32"/>.
    /// </summary>
    Stored,

    /// <summary>
    /// Decoder layers read from the memory-mapped checkpoint one at a time while they run and dropped after: memory holds the
    /// embeddings, the head and one layer. The checkpoint stays open while the model lives.
    /// </summary>
    Streamed,
}
