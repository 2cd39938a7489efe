using System.Text.Json;

namespace SharpPrune.Evaluation;

/// <summary>
/// Text documents from a file: a .txt file is one document; a .jsonl file is one document per
/// line, its text in a named string field. Lines that are not JSON objects with that field are
/// errors naming the file and line.
/// </summary>
public static class DocumentSource
{
    public static IReadOnlyList<string> Read(string path, string field = "text", int? maxDocs = null)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        if (maxDocs is <= 0) throw new SharpPruneException("--max-docs must be positive");
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return [File.ReadAllText(path)];
        var docs = new List<string>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            docs.Add(FieldOf(line, field, path, lineNumber));
            if (docs.Count == maxDocs) break;
        }
        if (docs.Count == 0) throw SharpPruneException.InFile(path, "no documents");
        return docs;
    }

    static string FieldOf(string line, string field, string path, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw SharpPruneException.InFile(path, $"line {lineNumber}: not a JSON object");
            if (!doc.RootElement.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                throw SharpPruneException.InFile(path, $"line {lineNumber}: no string field \"{field}\"");
            return value.GetString()!;
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"line {lineNumber}: invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }
}
