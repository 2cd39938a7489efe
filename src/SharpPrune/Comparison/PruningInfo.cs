using System.Text.Json;
using SharpPrune.Pruning;

namespace SharpPrune.Comparison;

/// <summary>How a model was made, from the pruning.json beside its weights; <see cref="Dense"/> when there is none.</summary>
/// <param name="Pattern">"unstructured" or "N:M"; null for a dense model.</param>
/// <param name="Sparsity">The recipe's target: the unstructured fraction (for attribution methods, the FFN neurons' share
/// removed), or (M−N)/M; null for a dense model.</param>
/// <param name="Selection">How an attribution method chose its units: its name, with what differs from the method's
/// default — "attribution (IG m=4)", "attribution K=8", "attribution unsupervised", "… + heads 25%"; null for other methods
/// (and in results written before it was kept), whose method says it.</param>
/// <param name="Task">The task an attribution method pruned for (its calibration task's name); null for other methods.</param>
public sealed record PruningInfo(string Method, string? Pattern, double? Sparsity, string? Selection = null, string? Task = null)
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
            string name = method.GetString()!;
            // Only an attribution run's details name its units (see AttributionManifest.Details).
            bool attribution = root.TryGetProperty(name, out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("units", out _);
            string? selection = attribution ? SelectionOf(name, details) : null;
            string? task = attribution && details.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return kind.GetString() switch
            {
                "unstructured" => new PruningInfo(name, "unstructured", pattern.GetProperty("sparsity").GetDouble(), selection, task),
                "n:m" when pattern.GetProperty("n").GetInt32() is var n && pattern.GetProperty("m").GetInt32() is var m =>
                    new PruningInfo(name, $"{n}:{m}", (double)(m - n) / m, selection, task),
                var other => throw SharpPruneException.InFile(path, $"unknown pattern kind \"{other}\""),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SharpPruneException.InFile(path, $"not a pruning manifest ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>
    /// The attribution details' variant of unit choice, so that models pruned by one method in different ways — with 8
    /// labelled examples, without labels — stay apart in a figure.
    /// </summary>
    static string SelectionOf(string method, JsonElement details)
    {
        string String(string key) => details.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var parts = new List<string> { method };
        if (String("attribution") is var a && a.StartsWith("integrated_gradients", StringComparison.Ordinal))
            parts.Add($"(IG {a[(a.IndexOf('(') + 1)..a.IndexOf(',')]})");
        if (details.TryGetProperty("low_resource", out var k) && k.ValueKind == JsonValueKind.Number) parts.Add($"K={k.GetInt32()}");
        if (String("target") == "model_prediction") parts.Add("unsupervised");
        if (details.TryGetProperty("heads_ratio", out var h) && h.ValueKind == JsonValueKind.Number)
            parts.Add($"+ heads {h.GetDouble() * 100:0.#}%");
        return string.Join(" ", parts);
    }
}
