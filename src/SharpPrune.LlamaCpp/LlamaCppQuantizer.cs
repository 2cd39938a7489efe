using LLama.Native;
using SharpPrune.Export;

namespace SharpPrune.LlamaCpp;

/// <summary>Quantizes an f32 GGUF with llama.cpp's own <c>llama_model_quantize</c> (what llama.cpp's quantize tool runs).</summary>
public sealed class LlamaCppQuantizer : IGgufQuantizer
{
    public void Quantize(string inputPath, string outputPath, GgufOutputType type)
    {
        LlamaCppRuntime.Ensure();
        var parameters = LLamaModelQuantizeParams.Default();
        parameters.ftype = type switch
        {
            GgufOutputType.Q8_0 => LLamaFtype.MOSTLY_Q8_0,
            GgufOutputType.Q4_K_M => LLamaFtype.MOSTLY_Q4_K_M,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a quantized type"),
        };
        parameters.nthread = Environment.ProcessorCount;
        uint status = NativeApi.llama_model_quantize(inputPath, outputPath, ref parameters);
        if (status != 0)
            throw SharpPruneException.InFile(outputPath, $"llama.cpp's quantizer failed ({LlamaCppRuntime.LastProblem ?? $"status {status}"})");
    }
}
