using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.IO;

namespace SharpPrune.Tasks;

/// <summary>
/// A multiple-choice task over a JSON-lines file, described by templates with "{field}" placeholders filled from each
/// row. The prompt is <see cref="Context"/> (cut from the left when too long) followed by <see cref="Question"/>; each
/// candidate is a template too, so candidates may be fixed texts (" yes") or fields (" {option_a}").
/// </summary>
/// <param name="LabelField">Field holding the gold answer: a candidate index (number or numeric string) or a
/// candidate's text (compared without surrounding whitespace); null for unlabeled data.</param>
/// <param name="IdField">Field naming each example; null numbers them by line.</param>
/// <param name="Data">The JSON-lines file, relative to the spec file's folder when read from one.</param>
public sealed record TaskSpec(string Name, string Context, string Question, IReadOnlyList<string> Candidates,
    string? LabelField, string? IdField, string? Data)
{
    /// <summary>
    /// Reads a spec file: {"name", "data", "context", "question", "candidates": [...], "label", "id"}, where only
    /// "question" and "candidates" are required.
    /// </summary>
    public static TaskSpec Read(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        try
        {
            using var doc = JsonDocument.Parse(TextFile.ReadAllText(path));
            var root = doc.RootElement;
            JsonUnicode.Check(path, root);
            if (root.ValueKind != JsonValueKind.Object) throw SharpPruneException.InFile(path, "not a JSON object");
            string? Optional(string key) => root.TryGetProperty(key, out var v)
                ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw SharpPruneException.InFile(path, $"\"{key}\" must be a string")
                : null;
            if (!root.TryGetProperty("candidates", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() < 2
                || list.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
                throw SharpPruneException.InFile(path, "\"candidates\" must be a list of at least two template strings");
            string? data = Optional("data");
            return new TaskSpec(
                Optional("name") ?? Path.GetFileNameWithoutExtension(path),
                Optional("context") ?? "",
                Optional("question") ?? throw SharpPruneException.InFile(path, "no \"question\" template"),
                list.EnumerateArray().Select(c => c.GetString()!).ToList(),
                Optional("label"),
                Optional("id"),
                data is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, data));
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>The task's examples from <paramref name="dataPath"/> (default: <see cref="Data"/>).</summary>
    public ChoiceTask Load(string? dataPath = null)
    {
        string path = dataPath ?? Data ?? throw new SharpPruneException($"task {Name}: no data file (\"data\" in the spec, or --data)");
        var examples = JsonLines.Read(path).Select(r =>
        {
            string where = $"{path}: line {r.Line}";
            var candidates = Candidates.Select(c => TextTemplate.Render(c, r.Row, where)).ToList();
            return new TaskExample(
                IdField is null ? r.Line.ToString() : JsonLines.Text(r.Row, IdField, where),
                TextTemplate.Render(Context, r.Row, where),
                TextTemplate.Render(Question, r.Row, where),
                candidates,
                LabelField is null ? null : Gold(JsonLines.Text(r.Row, LabelField, where), candidates, where));
        }).ToList();
        return examples.Count > 0 ? new ChoiceTask(Name, examples) : throw SharpPruneException.InFile(path, "no examples");
    }

    static int Gold(string label, IReadOnlyList<string> candidates, string where)
    {
        int index = int.TryParse(label, out int i) ? i : candidates.Select(c => c.Trim()).ToList().IndexOf(label.Trim());
        return index >= 0 && index < candidates.Count ? index
            : throw new SharpPruneException($"{where}: label \"{label}\" is neither a candidate index below {candidates.Count} nor a candidate's text");
    }
}
