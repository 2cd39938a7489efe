using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.IO;

namespace SharpPrune.Text;

/// <summary>Reads a whole JSON file, turning parse and I/O failures into one-line "path: problem" errors.</summary>
internal static class JsonFile
{
    public static JsonElement Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(TextFile.ReadAllText(path));
            JsonUnicode.Check(path, document.RootElement);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON: {e.Message}");
        }
        catch (IOException e)
        {
            throw SharpPruneException.InFile(path, e.Message);
        }
    }

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public static JsonElement? Find(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>The string property, or null when it is absent or JSON null; any other kind is an error naming the file.</summary>
    public static string? FindString(this JsonElement element, string name, string path) =>
        element.Find(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            { } value => throw SharpPruneException.InFile(path, $"\"{name}\" is a JSON {value.ValueKind}, not a string"),
        };
}
