using System.Text.Json;
using SharpPrune.Pruning;

namespace SharpPrune.Comparison;

/// <summary>How a model was made, from the pruning.json beside its weights; <see cref="Dense"/> when there is none.</summary>
/// <param name="Pattern">"unstructured" or "N:M"; null for a dense model.</param>
/// <param name="Sparsity">The recipe's target: the unstructured fraction, or (M−N)/M; null for a dense model.</param>
public sealed record PruningInfo(string Method, string? Pattern, double? Sparsity)
{
    public static readonly PruningInfo Dense = new("dense", null, null);

    public static PruningInfo Read(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, PruningManifest.FileName);
        if (!File.Exists(path)) return Dense;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
                throw SharpPruneException.InFile(path, "no \"method\"");
            if (!root.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object
                || !pattern.TryGetProperty("kind", out var kind))
                throw SharpPruneException.InFile(path, "no \"pattern\" with a \"kind\"");
            return kind.GetString() switch
            {
                "unstructured" => new PruningInfo(method.GetString()!, "unstructured", pattern.GetProperty("sparsity").GetDouble()),
                "n:m" when pattern.GetProperty("n").GetInt32() is var n && pattern.GetProperty("m").GetInt32() is var m =>
                    new PruningInfo(method.GetString()!, $"{n}:{m}", (double)(m - n) / m),
                var other => throw SharpPruneException.InFile(path, $"unknown pattern kind \"{other}\""),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SharpPruneException.InFile(path, $"not a pruning manifest ({e.Message.Split('\n')[0]})");
        }
    }
}
