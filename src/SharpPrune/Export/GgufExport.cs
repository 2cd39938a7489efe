using SharpPrune.IO;
using SharpPrune.Models;

namespace SharpPrune.Export;

/// <summary>What an export wrote: the file, its size, and how many tensors of each ggml type it holds (a quantized
/// file shows here which tensors llama.cpp's quantizer left at another type, e.g. rows that are no whole Q4_K block).</summary>
public sealed record GgufExportResult(string Path, string Architecture, long Bytes, IReadOnlyDictionary<GgmlType, int> TensorTypes);

/// <summary>
/// Exports a model folder to one GGUF file for llama.cpp. All or nothing: the file is written under a temporary name
/// beside <c>outPath</c> and renamed into place only when complete (and, for quantized types, after llama.cpp's
/// quantizer has rewritten it); on any failure nothing is left behind, and an existing file is replaced only with
/// <c>overwrite</c>. The input folder is only read.
/// </summary>
public static class GgufExport
{
    public static GgufExportResult Run(string modelDir, string outPath, GgufOutputType type, bool overwrite, IGgufQuantizer? quantizer)
    {
        // Never written into (or over) the model it reads: an input model is never modified.
        OutputPaths.CheckApart(outPath, "--out", [modelDir]);
        if (File.Exists(outPath) && !overwrite)
            throw SharpPruneException.InFile(outPath, "already exists; pass --overwrite to replace it");
        if (Directory.Exists(outPath))
            throw SharpPruneException.InFile(outPath, "is a folder; the export is one .gguf file");
        string folder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        if (!Directory.Exists(folder))
            throw SharpPruneException.InFile(outPath, $"folder {folder} does not exist");
        bool quantized = type is GgufOutputType.Q8_0 or GgufOutputType.Q4_K_M;
        if (quantized && quantizer is null)
            throw new SharpPruneException($"--type {type}: no quantizer available (llama.cpp's comes with SharpPrune.LlamaCpp)");

        var config = ModelConfigReader.ReadFolder(modelDir);
        var mapping = GgufMappings.Of(config, modelDir);
        mapping.Check(config, modelDir);
        var storage = type == GgufOutputType.F16 ? GgufOutputType.F16 : GgufOutputType.F32;

        string temp = $"{outPath}.tmp-{Guid.NewGuid():N}";
        string unquantized = quantized ? temp + ".f32" : temp;
        try
        {
            using (var model = CausalLM.Load(modelDir))
            {
                var metadata = mapping.Metadata(model.Config, Path.GetFileName(Path.GetFullPath(modelDir).TrimEnd(Path.DirectorySeparatorChar)), storage);
                metadata.AddRange(GgufTokenizer.Metadata(modelDir, model.Config.VocabSize));
                var tensors = mapping.Tensors(model, storage);
                using var stream = new FileStream(unquantized, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
                GgufWriter.Write(stream, metadata, tensors);
                stream.Flush(flushToDisk: true);
            }
            if (quantized)
            {
                quantizer!.Quantize(unquantized, temp, type);
                File.Delete(unquantized);
            }
            var written = GgufFile.Read(temp);
            File.Move(temp, outPath, overwrite: true);
            var architecture = (string)written["general.architecture"]!.Value;
            var types = written.Tensors.GroupBy(t => t.Type).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
            return new GgufExportResult(outPath, architecture, new FileInfo(outPath).Length, types);
        }
        catch (Exception e)
        {
            File.Delete(unquantized);
            File.Delete(temp);
            if (e is IOException or UnauthorizedAccessException)
                throw SharpPruneException.InFile(outPath, $"cannot write: {e.Message}");
            throw;
        }
    }
}
