using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpPrune.Models;

/// <summary>Typed reads from a config.json object, each failure an error naming the file and key.</summary>
internal sealed class ConfigJson(JsonObject json, string path)
{
    public SharpPruneException Error(string problem) => SharpPruneException.InFile(path, problem);

    public int Int(string key) => IntOrNull(key) ?? throw Error($"missing \"{key}\"");

    public int? IntOrNull(string key) => Get(key, n => n.GetValue<int>(), "an integer");

    public int? FirstIntOrNull(string key) =>
        json[key] is JsonArray a ? (a.Count == 0 ? null : Get(a[0], key, n => n.GetValue<int>(), "an integer")) : IntOrNull(key);

    public IReadOnlyList<int>? IntListOrNull(string key) =>
        json[key] is null ? null
        : json[key] is JsonArray a ? a.Select(n => Get(n, key, v => v.GetValue<int>(), "a list of integers") ?? throw Error($"\"{key}\" has a null entry")).ToArray()
        : throw Error($"\"{key}\" must be a list of integers");

    public double Double(string key) => Get(key, n => n.GetValue<double>(), "a number") ?? throw Error($"missing \"{key}\"");

    public double DoubleOr(string key, double fallback) => Get(key, n => n.GetValue<double>(), "a number") ?? fallback;

    public bool BoolOr(string key, bool fallback) => Get(key, n => n.GetValue<bool>(), "true or false") ?? fallback;

    public string String(string key) => StringOrNull(key) ?? throw Error($"missing \"{key}\"");

    public string? StringOrNull(string key) => json[key] is null ? null : Get(key, n => n.GetValue<string>(), "a string");

    public string StringOr(string key, string fallback) => StringOrNull(key) ?? fallback;

    public JsonObject? Object(string key) =>
        json[key] switch { null => null, JsonObject o => o, _ => throw Error($"\"{key}\" must be an object") };

    T? Get<T>(string key, Func<JsonNode, T> read, string expected) where T : struct => Get(json[key], key, read, expected);

    string? Get(string key, Func<JsonNode, string> read, string expected) =>
        json[key] is { } n ? Convert(n, key, read, expected) : null;

    T? Get<T>(JsonNode? node, string key, Func<JsonNode, T> read, string expected) where T : struct =>
        node is null ? null : Convert(node, key, read, expected);

    TOut Convert<TOut>(JsonNode node, string key, Func<JsonNode, TOut> read, string expected)
    {
        try { return read(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw Error($"\"{key}\" must be {expected}, not {node.ToJsonString()}");
        }
    }
}
