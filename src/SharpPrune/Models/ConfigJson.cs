using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpPrune.Models;

/// <summary>Typed reads from a config.json object, each failure an error naming the file and key.</summary>
/// <param name="prefix">Where this object sits in the file ("rope_scaling."), so errors in nested objects name the full key.</param>
internal sealed class ConfigJson(JsonObject json, string path, string prefix = "")
{
    public SharpPruneException Error(string problem) => SharpPruneException.InFile(path, problem);

    public int Int(string key) => IntOrNull(key) ?? throw Error($"missing \"{prefix}{key}\"");

    /// <summary>A count or size: zero or less would be divided by, or make no sense as a dimension.</summary>
    public int PositiveInt(string key) => PositiveIntOrNull(key) ?? throw Error($"missing \"{prefix}{key}\"");

    public int? PositiveIntOrNull(string key) => IntOrNull(key) switch
    {
        <= 0 and var value => throw Error($"\"{prefix}{key}\" must be a positive integer, not {value}"),
        var value => value,
    };

    public int? IntOrNull(string key) => Get(key, n => n.GetValue<int>(), "an integer");

    public int? FirstIntOrNull(string key) =>
        json[key] is JsonArray a ? (a.Count == 0 ? null : Get(a[0], key, n => n.GetValue<int>(), "an integer")) : IntOrNull(key);

    public IReadOnlyList<int>? IntListOrNull(string key) =>
        json[key] is null ? null
        : json[key] is JsonArray a ? a.Select(n => Get(n, key, v => v.GetValue<int>(), "a list of integers") ?? throw Error($"\"{prefix}{key}\" has a null entry")).ToArray()
        : throw Error($"\"{prefix}{key}\" must be a list of integers");

    public double Double(string key) => DoubleOrNull(key) ?? throw Error($"missing \"{prefix}{key}\"");

    public double? DoubleOrNull(string key) => Get(key, n => n.GetValue<double>(), "a number");

    public double DoubleOr(string key, double fallback) => DoubleOrNull(key) ?? fallback;

    public bool BoolOr(string key, bool fallback) => Get(key, n => n.GetValue<bool>(), "true or false") ?? fallback;

    public string String(string key) => StringOrNull(key) ?? throw Error($"missing \"{prefix}{key}\"");

    public string? StringOrNull(string key) => json[key] is null ? null : Get(key, n => n.GetValue<string>(), "a string");

    public string StringOr(string key, string fallback) => StringOrNull(key) ?? fallback;

    public JsonObject? Object(string key) =>
        json[key] switch { null => null, JsonObject o => o, _ => throw Error($"\"{prefix}{key}\" must be an object") };

    /// <summary>Typed reads from the object under <paramref name="key"/>, or null when it is absent.</summary>
    public ConfigJson? Nested(string key) => Object(key) is { } o ? new ConfigJson(o, path, $"{prefix}{key}.") : null;

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
            throw Error($"\"{prefix}{key}\" must be {expected}, not {node.ToJsonString()}");
        }
    }
}
