namespace SharpPrune.Export;

/// <summary>
/// Turns an f32 GGUF into a quantized one. The export never quantizes by itself: llama.cpp's own quantizer (through
/// LLamaSharp, in SharpPrune.LlamaCpp) decides the block formats and per-tensor fallbacks, so the file is what
/// llama.cpp would have made.
/// </summary>
public interface IGgufQuantizer
{
    void Quantize(string inputPath, string outputPath, GgufOutputType type);
}
