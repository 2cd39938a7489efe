using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Calibration;
using SharpPrune.Data;

namespace SharpPrune.Pruning;

/// <summary>
/// pruning.json, written beside every pruned model: the recipe (everything that determines the
/// result, input hashes included), the per-matrix results, and under "run" the wall time per stage,
/// peak memory and whether the layers were streamed from disk — the one part that differs between runs of the same result.
/// </summary>
public static class PruningManifest
{
    public const string FileName = "pruning.json";

    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <param name="methodDetails">Method-specific settings and results (e.g. D-Pruner's), stored under the method's name.</param>
    public static void Write(string directory, string? modelDirectory, PruningRecipe recipe, PruningReport report, JsonObject? methodDetails = null) =>
        File.WriteAllText(Path.Combine(directory, FileName), ToJson(modelDirectory, recipe, report, methodDetails));

    public static string ToJson(string? modelDirectory, PruningRecipe recipe, PruningReport report, JsonObject? methodDetails = null)
    {
        var json = new JsonObject
        {
            ["tool"] = "SharpPrune",
            ["input_model"] = new JsonObject
            {
                ["files_sha256"] = modelDirectory is null ? null : HashesOf(modelDirectory),
            },
            ["method"] = recipe.Method,
            ["pattern"] = recipe.Pattern switch
            {
                UnstructuredPattern u => new JsonObject { ["kind"] = "unstructured", ["sparsity"] = u.Sparsity, ["scope"] = u.Scope.ToString().ToLowerInvariant() },
                NmPattern nm => new JsonObject { ["kind"] = "n:m", ["n"] = nm.N, ["m"] = nm.M },
                FixedMaskPattern => new JsonObject { ["kind"] = "fixed mask" },
                _ => throw new ArgumentOutOfRangeException(nameof(recipe)),
            },
            ["include"] = new JsonArray(recipe.Selection.Include.Select(g => (JsonNode)g).ToArray()),
            ["exclude"] = new JsonArray(recipe.Selection.Exclude.Select(g => (JsonNode)g).ToArray()),
            ["calibration"] = Calibration(recipe.Calibration, report.Calibration),
            ["batch_size"] = recipe.BatchSize,
            ["propagate_pruned"] = recipe.PropagatePruned,
            ["true_sequential"] = recipe.TrueSequential,
            ["sparsity"] = report.Sparsity,
            ["matrices"] = JsonSerializer.SerializeToNode(report.Matrices, Options),
            ["run"] = new JsonObject
            {
                ["stage_seconds"] = JsonSerializer.SerializeToNode(report.StageSeconds, Options),
                ["peak_memory_bytes"] = report.PeakMemoryBytes,
                ["streamed"] = report.Streamed,
            },
        };
        if (methodDetails is not null) json[recipe.Method] = methodDetails;
        return json.ToJsonString(Options) + "\n";
    }

    static JsonNode? Calibration(CalibrationSpec? spec, CalibrationRecord? record) => spec is null ? null : new JsonObject
    {
        ["path"] = Path.GetFullPath(spec.Path),
        ["sha256"] = record?.SourceSha256,
        ["field"] = spec.Field,
        ["documents"] = (spec.Filter ?? DocumentFilter.All).ToString(),
        ["nsamples"] = spec.Samples,
        ["seq_len"] = spec.SeqLen,
        ["seed"] = spec.Seed,
        ["concatenated_with_eos"] = record?.Concatenated,
        ["windows"] = record is null ? null : JsonSerializer.SerializeToNode(record.Windows, Options),
    };

    static JsonObject HashesOf(string directory)
    {
        var hashes = new JsonObject();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal) || name == "tokenizer.model")
                hashes[name] = FileHash.Sha256(file);
        }
        return hashes;
    }
}
