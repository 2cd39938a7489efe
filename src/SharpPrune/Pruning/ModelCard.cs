using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SharpPrune.Data;

namespace SharpPrune.Pruning;

/// <summary>
/// The README.md of a pruned model folder: a Hugging Face model card for the result (YAML front matter with
/// <c>base_model</c>, the licence carried from the input, tags; then the method, pattern, sparsity, the calibration
/// data with its hashes, and a pointer to pruning.json). The input's own card and training records (README.md,
/// PROVENANCE.md, training*) describe the original model, so they move to <c>base_model_card/</c> as provenance rather
/// than passing for the pruned model's card. Written from pruning.json, so the card says nothing the recipe does not,
/// and holds no timing: identical runs give identical cards.
/// </summary>
public static partial class ModelCard
{
    public const string FileName = "README.md";
    public const string BaseCardFolder = "base_model_card";

    /// <summary>Moves the input's card into <see cref="BaseCardFolder"/> and writes the result's card, in a staging folder holding pruning.json.</summary>
    public static void Write(string folder, string? inputDirectory)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, PruningManifest.FileName)))!.AsObject();
        var moved = MoveBaseCard(folder);
        string? baseCard = moved.Contains(FileName) ? File.ReadAllText(Path.Combine(folder, BaseCardFolder, FileName)) : null;
        string? provenance = moved.Contains("PROVENANCE.md") ? File.ReadAllText(Path.Combine(folder, BaseCardFolder, "PROVENANCE.md")) : null;
        string baseModel = inputDirectory is null ? "unknown" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputDirectory)));
        File.WriteAllText(Path.Combine(folder, FileName), Render(manifest, baseModel, License(baseCard, provenance), moved));
    }

    static List<string> MoveBaseCard(string folder)
    {
        var names = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => n is FileName or "PROVENANCE.md" || n.StartsWith("training", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return names;
        Directory.CreateDirectory(Path.Combine(folder, BaseCardFolder));
        foreach (var name in names) File.Move(Path.Combine(folder, name), Path.Combine(folder, BaseCardFolder, name));
        return names;
    }

    /// <summary>The input card's <c>license:</c> front matter, else a "License: X" line of its card or provenance notes.</summary>
    static string? License(string? card, string? provenance)
    {
        if (card is not null && FrontMatterLicense().Match(card) is { Success: true } front) return front.Groups[1].Value.Trim().Trim('"', '\'');
        foreach (var text in new[] { card, provenance })
            if (text is not null && LicenseLine().Match(text) is { Success: true } line) return line.Groups[1].Value.ToLowerInvariant();
        return null;
    }

    [GeneratedRegex(@"\A---\s*\n(?:.*\n)*?license:\s*(\S[^\n]*)\n", RegexOptions.CultureInvariant)]
    private static partial Regex FrontMatterLicense();

    [GeneratedRegex(@"\bLicen[cs]e:\s*([A-Za-z0-9][A-Za-z0-9.\-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex LicenseLine();

    static string Render(JsonObject m, string baseModel, string? license, List<string> moved)
    {
        string method = (string)m["method"]!;
        var card = new StringBuilder();
        card.Append("---\n");
        card.Append($"base_model: {baseModel}\n");
        if (license is not null) card.Append($"license: {license}\n");
        card.Append("library_name: transformers\npipeline_tag: text-generation\n");
        card.Append($"tags:\n- sharpprune\n- pruned\n- {method}\n");
        card.Append("---\n\n");
        card.Append($"# {baseModel}, pruned with {method}\n\n");
        card.Append($"`{baseModel}` pruned by SharpPrune. Everything that determines this result (recipe, input hashes, per-matrix results) " +
            $"is in [`{PruningManifest.FileName}`]({PruningManifest.FileName}).\n\n");
        card.Append("| | |\n|---|---|\n");
        card.Append($"| method | {method} |\n");
        card.Append($"| pattern | {Pattern(m, method)} |\n");
        card.Append($"| {(m[method]?["units"] is null ? "zeros in the pruned linears" : "FFN neurons removed")} | {Percent((double)m["sparsity"]!)} |\n");
        if (m["include"] is JsonArray { Count: > 0 } include) card.Append($"| linears included | {string.Join(", ", include.Select(g => $"`{g}`"))} |\n");
        if (m["exclude"] is JsonArray { Count: > 0 } exclude) card.Append($"| linears excluded | {string.Join(", ", exclude.Select(g => $"`{g}`"))} |\n");
        if (m["calibration"] is JsonObject calibration) card.Append($"| calibration | {Data(calibration)} |\n");
        if (m[method]?["domain_data"] is JsonObject domain) card.Append($"| domain data | {Data(domain)} |\n");
        if (m[method]?["task"] is JsonNode task) card.Append($"| task | {task} ({m[method]!["target"]} targets, {((JsonArray)m[method]!["examples"]!).Count} calibration examples) |\n");
        if (m["input_model"]?["files_sha256"] is JsonObject hashes)
            card.Append($"| base model files (SHA-256) | {string.Join("<br>", hashes.Select(h => $"`{h.Key}` {h.Value}"))} |\n");
        card.Append("\nPerplexity and task scores were not measured by the pruning run; `sharpprune ppl`, `eval` and `compare` measure them.\n");
        if (moved.Count > 0)
            card.Append($"\n## Base model\n\nThe base model's own card and records are kept as they came, for provenance, in " +
                $"[`{BaseCardFolder}/`]({BaseCardFolder}/): {string.Join(", ", moved.Select(n => $"`{n}`"))}. They describe `{baseModel}`, " +
                "not this pruned model.\n");
        return card.ToString();
    }

    static string Pattern(JsonObject m, string method) => m["pattern"]!["kind"]!.ToString() switch
    {
        "n:m" => $"{m["pattern"]!["n"]}:{m["pattern"]!["m"]} (semi-structured)",
        "fixed mask" => $"the zeros of `{Path.GetFileName((string)m["reconstruct"]?["mask_from"]! ?? "")}` kept, the other weights reconstructed",
        _ when m[method]?["units"] is JsonNode units => $"structured: {units} deleted",
        _ => $"unstructured, {Percent((double)m["pattern"]!["sparsity"]!)} per {m["pattern"]!["scope"]}",
    };

    /// <summary>
    /// A data file with its hash. A D-Pruner run resumed after stage 1 records no calibration hash (it sampled nothing), so
    /// the hash is then taken here: a resumed run's card must equal an uninterrupted one's.
    /// </summary>
    static string Data(JsonObject d) =>
        $"`{Path.GetFileName((string)d["path"]!)}` (SHA-256 {d["sha256"]?.ToString() ?? Sha256((string)d["path"]!)}), documents {d["documents"]}" +
        (d["field"] is JsonNode field ? $", field `{field}`" : "") +
        (d["nsamples"] is JsonNode n ? $", {n} windows of {d["seq_len"]} tokens" : d["samples"] is JsonNode s ? $", {s} examples of up to {d["max_length"]} tokens" : "");

    static string Sha256(string path) => File.Exists(path) ? FileHash.Sha256(path) : "unknown";

    static string Percent(double fraction) => fraction.ToString("P2", CultureInfo.InvariantCulture);
}
