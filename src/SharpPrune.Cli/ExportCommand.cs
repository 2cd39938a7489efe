using System.CommandLine;
using System.Text.Json;
using SharpPrune.Export;
using SharpPrune.LlamaCpp;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune export</c>: a model folder as one GGUF file for llama.cpp (and LLamaSharp, Ollama, LM Studio).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var format = new Option<string>("--format") { Description = "output format", Required = true }.AcceptOnlyFromAmong("gguf");
        var output = new Option<string>("--out") { Description = "the .gguf file to write", Required = true };
        var type = new Option<string>("--type") { Description = "f32, f16, q8_0 or q4_k_m (quantized by llama.cpp)", DefaultValueFactory = _ => "f16" }
            .AcceptOnlyFromAmong("f32", "f16", "q8_0", "q4_k_m");
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out file" };
        var json = CommandAction.JsonOption();
        var command = new Command("export", "Write a model as a GGUF file for llama.cpp") { model, format, output, type, overwrite, json };
        CommandAction.Set(command, parse =>
        {
            var outputType = parse.GetValue(type) switch
            {
                "f32" => GgufOutputType.F32,
                "f16" => GgufOutputType.F16,
                "q8_0" => GgufOutputType.Q8_0,
                _ => GgufOutputType.Q4_K_M,
            };
            var result = GgufExport.Run(parse.GetValue(model)!, parse.GetValue(output)!, outputType, parse.GetValue(overwrite), new LlamaCppQuantizer());
            string types = string.Join(", ", result.TensorTypes.Select(t => $"{t.Value} {t.Key}"));
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    @out = result.Path, architecture = result.Architecture, bytes = result.Bytes,
                    tensor_types = result.TensorTypes.ToDictionary(t => t.Key.ToString(), t => t.Value),
                }));
            else
                Console.WriteLine($"wrote {result.Path}: {result.Architecture}, {result.Bytes:N0} bytes, tensors {types}");
            return 0;
        });
        return command;
    }
}
