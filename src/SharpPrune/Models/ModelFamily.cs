namespace SharpPrune.Models;

/// <summary>The decoder architectures SharpPrune runs; each maps several HF <c>model_type</c>s.</summary>
public enum ModelFamily
{
    /// <summary>llama, mistral, qwen2: RMSNorm, rotary, gated SiLU MLP, optional GQA and biases.</summary>
    Llama,
    /// <summary>gpt_neox (Pythia): LayerNorm, partial rotary, fused per-head qkv, parallel residual.</summary>
    GptNeoX,
    /// <summary>gpt2: LayerNorm, learned positions, Conv1D (transposed) weights, fused qkv.</summary>
    Gpt2,
}
