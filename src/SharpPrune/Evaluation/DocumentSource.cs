using System.Text.Json;
using SharpPrune.IO;

namespace SharpPrune.Evaluation;

/// <summary>
/// Text documents from a file: a .txt file is one document; a .jsonl file is one document per
/// line, its text in a named string field. Lines that are not JSON objects with that field are
/// errors naming the file and line.
/// </summary>
public static class DocumentSource
{
    public static IReadOnlyList<string> Read(string path, string field = "text", int? maxDocs = null, DocumentRange? range = null) =>
        ReadDocuments(path, field, maxDocs, range).Select(d => d.Text).ToList();

    /// <summary>The documents, cut to <paramref name="range"/> (by sorted id) first, then to the first <paramref name="maxDocs"/>.</summary>
    public static IReadOnlyList<Document> ReadDocuments(string path, string field = "text", int? maxDocs = null, DocumentRange? range = null)
    {
        if (maxDocs is <= 0) throw new SharpPruneException("--max-docs must be positive");
        var all = ReadAll(path, field);
        var selected = (range ?? DocumentRange.All).Of(all);
        if (selected.Count == 0) throw SharpPruneException.InFile(path, $"no documents in range {range}");
        return maxDocs is int n ? selected.Take(n).ToList() : selected;
    }

    static IReadOnlyList<Document> ReadAll(string path, string field)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return [new Document(Path.GetFileName(path), File.ReadAllText(path))];
        var docs = new List<Document>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            docs.Add(Parse(line, field, path, lineNumber));
        }
        if (docs.Count == 0) throw SharpPruneException.InFile(path, "no documents");
        return docs;
    }

    static Document Parse(string line, string field, string path, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            JsonUnicode.Check($"{path}: line {lineNumber}", root);
            if (root.ValueKind != JsonValueKind.Object)
                throw SharpPruneException.InFile(path, $"line {lineNumber}: not a JSON object");
            if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                throw SharpPruneException.InFile(path, $"line {lineNumber}: no string field \"{field}\"");
            string id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idValue.ToString()
                : $"line {lineNumber}";
            return new Document(id, value.GetString()!);
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"line {lineNumber}: invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }
}
