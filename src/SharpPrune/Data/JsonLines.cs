using System.Text.Json;
using SharpPrune.IO;

namespace SharpPrune.Data;

/// <summary>
/// The one reader of JSON-lines files (calibration and evaluation corpora, tasks, training data, D-Pruner's domain
/// data): the JSON objects with their line numbers; blank lines are skipped, anything else that is not an object, and
/// any string that is not valid Unicode, is an error naming the file and line. Fuzzed by the jsonl and domain targets.
/// </summary>
public static class JsonLines
{
    public static IEnumerable<(int Line, JsonElement Row)> Read(string path)
    {
        foreach (var (number, line) in TextFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement row;
            try
            {
                row = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException e)
            {
                throw SharpPruneException.InFile(path, $"line {number}: invalid JSON ({e.Message.Split('\n')[0]})");
            }
            JsonUnicode.Check($"{path}: line {number}", row);
            if (row.ValueKind != JsonValueKind.Object) throw SharpPruneException.InFile(path, $"line {number}: not a JSON object");
            yield return (number, row);
        }
    }

    /// <summary>A field as text: strings as they are, numbers and booleans as written.</summary>
    public static string Text(JsonElement row, string field, string where) =>
        !row.TryGetProperty(field, out var value) ? throw new SharpPruneException($"{where}: no field \"{field}\"")
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new SharpPruneException($"{where}: field \"{field}\" is not a string, number or boolean"),
        };
}
