using System.Globalization;
using System.Text.Json;
using SharpPrune.IO;

namespace SharpPrune.Data;

/// <summary>
/// Which documents of a corpus to use, so calibration never overlaps evaluation:
/// "FROM:TO" — a slice by position after sorting by id (ordinal), e.g. "0:0.8" the first 80 %;
/// "ids:FILE" / "not-ids:FILE" — documents whose id is (not) listed in FILE (a JSON object's keys,
/// a JSON array, or one id per line), e.g. PubMedQA's test ground truth.
/// </summary>
public sealed record DocumentFilter(double From, double To, string? IdFile = null, bool ExcludeIds = false)
{
    public static readonly DocumentFilter All = new(0, 1);

    /// <param name="option">What gave the text (e.g. --calib-docs), named in the error.</param>
    public static DocumentFilter Parse(string text, string option = "document filter")
    {
        foreach (var (prefix, exclude) in new[] { ("not-ids:", true), ("ids:", false) })
            if (text.StartsWith(prefix, StringComparison.Ordinal))
                return new DocumentFilter(0, 1, text[prefix.Length..], exclude);
        var parts = text.Split(':');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double from)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double to)
            && from >= 0 && from < to && to <= 1)
            return new DocumentFilter(from, to);
        throw new SharpPruneException($"{option}: must be FROM:TO (0 ≤ FROM < TO ≤ 1, e.g. 0:0.8), ids:FILE or not-ids:FILE, not '{text}'");
    }

    public IReadOnlyList<Document> Of(IReadOnlyList<Document> documents)
    {
        if (IdFile is not null)
        {
            var ids = ReadIds(IdFile);
            return documents.Where(d => ids.Contains(d.Id) != ExcludeIds).ToList();
        }
        if (From == 0 && To == 1) return documents;
        var sorted = documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        int start = (int)Math.Floor(From * sorted.Count), end = (int)Math.Floor(To * sorted.Count);
        return sorted.GetRange(start, end - start);
    }

    static HashSet<string> ReadIds(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "id list not found");
        string text = TextFile.ReadAllText(path);
        try
        {
            using var json = JsonDocument.Parse(text);
            JsonUnicode.Check(path, json.RootElement);
            return json.RootElement.ValueKind switch
            {
                JsonValueKind.Object => json.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(),
                JsonValueKind.Array => json.RootElement.EnumerateArray().Select(v => v.ToString()).ToHashSet(),
                _ => throw SharpPruneException.InFile(path, "an id list must be a JSON object, a JSON array or one id per line"),
            };
        }
        catch (JsonException)
        {
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        }
    }

    public override string ToString() => IdFile is null
        ? FormattableString.Invariant($"{From}:{To}")
        : $"{(ExcludeIds ? "not-ids" : "ids")}:{Path.GetFullPath(IdFile)}";
}
