using System.Text.Json;
using SharpPrune.IO;

namespace SharpPrune.Data;

/// <summary>
/// Text documents from a file, in one of three shapes:
/// JSON lines (a .jsonl file, or any file whose first line is a JSON object — our legal data ships
/// JSON lines as .txt): one document per line;
/// a .json object of records keyed by id (as PubMedQA ships);
/// anything else: the whole file is one document.
/// The text is <c>field</c>, or several fields joined by '+' (e.g. "CONTEXTS+LONG_ANSWER"); a field
/// holding a list of strings contributes them joined by spaces. Ids come from "id" or "example_id",
/// the record's key, or the zero-padded line number (so sorting ids keeps file order).
/// </summary>
public static class DocumentSource
{
    static readonly string[] IdFields = ["id", "example_id"];

    public static IReadOnlyList<string> Read(string path, string field = "text", int? maxDocs = null, DocumentFilter? filter = null) =>
        ReadDocuments(path, field, maxDocs, filter).Select(d => d.Text).ToList();

    /// <summary>The documents, cut by <paramref name="filter"/> first, then to the first <paramref name="maxDocs"/>.</summary>
    public static IReadOnlyList<Document> ReadDocuments(string path, string field = "text", int? maxDocs = null, DocumentFilter? filter = null)
    {
        if (maxDocs is <= 0) throw new SharpPruneException("--max-docs must be positive");
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        var all = IsJsonLines(path) ? ReadJsonLines(path, field)
            : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadRecords(path, field)
            : PlainText(path);
        // An empty .jsonl and an empty .txt are the same mistake and get the same message.
        if (all.Count == 0) throw SharpPruneException.InFile(path, "is empty: no documents");
        var selected = (filter ?? DocumentFilter.All).Of(all);
        if (selected.Count == 0) throw SharpPruneException.InFile(path, $"no documents in {filter}");
        return maxDocs is int n ? selected.Take(n).ToList() : selected;
    }

    static bool IsJsonLines(string path)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return true;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        string? first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null || !first.TrimStart().StartsWith('{')) return false;
        try
        {
            using var doc = JsonDocument.Parse(first);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static List<Document> ReadJsonLines(string path, string field) =>
        JsonLines.Read(path).Select(r => new Document(IdOf(r.Row) ?? $"{r.Line:D8}", TextOf(r.Row, field, path, $"line {r.Line}"))).ToList();

    static List<Document> ReadRecords(string path, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(TextFile.ReadAllText(path));
            JsonUnicode.Check(path, doc.RootElement);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw SharpPruneException.InFile(path, "a .json corpus must be an object of records keyed by id");
            return doc.RootElement.EnumerateObject().Select(record =>
                record.Value.ValueKind == JsonValueKind.Object
                    ? new Document(record.Name, TextOf(record.Value, field, path, $"record \"{record.Name}\""))
                    : throw SharpPruneException.InFile(path, $"record \"{record.Name}\" is not an object")).ToList();
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>A plain-text file is one document, named by the file; only whitespace is none.</summary>
    static List<Document> PlainText(string path)
    {
        string text = TextFile.ReadAllText(path);
        return string.IsNullOrWhiteSpace(text) ? [] : [new Document(Path.GetFileName(path), text)];
    }

    static string? IdOf(JsonElement root)
    {
        foreach (var name in IdFields)
            if (root.TryGetProperty(name, out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                return id.ToString();
        return null;
    }

    static string TextOf(JsonElement root, string field, string path, string where) =>
        string.Join("\n", field.Split('+').Select(name =>
            !root.TryGetProperty(name, out var value) ? throw SharpPruneException.InFile(path, $"{where}: no field \"{name}\" {FieldHint(root)}")
            : value.ValueKind == JsonValueKind.String ? value.GetString()!
            : value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
                ? string.Join(" ", value.EnumerateArray().Select(v => v.GetString()))
            : throw SharpPruneException.InFile(path, $"{where}: field \"{name}\" is not a string or a list of strings")));

    /// <summary>The fields a record does have, and how to name one: the usual fix for a corpus whose text is not "text".</summary>
    static string FieldHint(JsonElement root) =>
        $"(it has {string.Join(", ", root.EnumerateObject().Select(p => $"\"{p.Name}\""))}; name the text field with --field, " +
        "--calib-field, --general-field, --domain-field or #field=)";
}
