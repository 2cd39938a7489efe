using System.Text.Json;

namespace SharpPrune.Tasks;

/// <summary>
/// Candidates taken from the data: every item of a row's list field, or every entry of its object field (in the
/// object's order), each written by <see cref="Format"/>. In the format, "{key}" is the entry's key (a list item's
/// number, from 0), "{value}" the item itself ("{value.text}", "{value[0]}" reach into an item that is an object or
/// list), and any other placeholder a field of the row. Rows may hold different numbers of candidates.
/// </summary>
/// <param name="From">The field's path in the row (see <see cref="FieldPath"/>).</param>
public sealed record CandidateField(string From, string Format = CandidateField.DefaultFormat)
{
    /// <summary>The item after one space, as lm-evaluation-harness joins a prompt and a choice.</summary>
    public const string DefaultFormat = " {value}";

    /// <summary>The row's candidates and, when they come from an object, its keys (which labels may name).</summary>
    public (IReadOnlyList<string> Texts, IReadOnlyList<string>? Keys) Render(JsonElement row, string where)
    {
        var field = FieldPath.Find(row, From, where);
        List<(string Key, JsonElement Value)> items = field.ValueKind switch
        {
            JsonValueKind.Object => field.EnumerateObject().Select(p => (p.Name, p.Value)).ToList(),
            JsonValueKind.Array => field.EnumerateArray().Select((v, i) => (i.ToString(), v)).ToList(),
            _ => throw new SharpPruneException($"{where}: candidates field \"{From}\" is not a list or an object"),
        };
        if (items.Count == 0) throw new SharpPruneException($"{where}: candidates field \"{From}\" is empty");
        var texts = items.Select(item => TextTemplate.Render(Format, path => Field(path, item.Key, item.Value, row, where))).ToList();
        return (texts, field.ValueKind == JsonValueKind.Object ? items.Select(i => i.Key).ToList() : null);
    }

    string Field(string path, string key, JsonElement value, JsonElement row, string where)
    {
        string what = $"{where}: {From}[{key}]";
        if (path == "key") return key;
        if (path == "value") return FieldPath.Text(value, what);
        if (path.StartsWith("value.", StringComparison.Ordinal)) return FieldPath.Text(value, path["value.".Length..], what);
        if (path.StartsWith("value[", StringComparison.Ordinal)) return FieldPath.Text(value, path["value".Length..], what);
        return FieldPath.Text(row, path, where);
    }
}
