namespace SharpPrune.Export;

/// <summary>What an exported GGUF holds its matrices as (norms and other vectors stay f32, as llama.cpp's converter keeps them).</summary>
public enum GgufOutputType
{
    F32,
    F16,
    /// <summary>llama.cpp's Q8_0 (blocks of 32 with one scale).</summary>
    Q8_0,
    /// <summary>llama.cpp's Q4_K_M mix (Q4_K, with Q6_K for some tensors; rows not a multiple of 256 fall back).</summary>
    Q4_K_M,
}
