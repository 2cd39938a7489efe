using System.Text.Json;

namespace SharpPrune.Tasks;

/// <summary>
/// A field of a JSON row named by a path: <c>question</c>, <c>options.A</c> (a key of a nested object),
/// <c>choices[0]</c> (an item of a list), or any mix (<c>choices.text[2]</c>). A name that is itself a key of the row
/// ("options.A" as one key) is taken as it is, so data whose keys hold dots or brackets still reads.
/// </summary>
public static class FieldPath
{
    /// <summary>The element at <paramref name="path"/>; an error naming <paramref name="where"/> and the path when it is missing.</summary>
    public static JsonElement Find(JsonElement row, string path, string where)
    {
        if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty(path, out var whole)) return whole;
        var current = row;
        int i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), out int index) || index < 0)
                    throw new SharpPruneException($"{where}: field path \"{path}\": \"[\" must hold an item number and close with \"]\"");
                if (current.ValueKind != JsonValueKind.Array)
                    throw Missing(where, path, $"{path[..i]} is not a list");
                if (index >= current.GetArrayLength())
                    throw Missing(where, path, $"{path[..i]} has {current.GetArrayLength()} items");
                current = current[index];
                i = close + 1;
                continue;
            }
            if (path[i] == '.')
            {
                if (i == 0) throw new SharpPruneException($"{where}: field path \"{path}\" starts with \".\"");
                i++;
            }
            int end = i;
            while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
            string key = path[i..end];
            if (key.Length == 0) throw new SharpPruneException($"{where}: field path \"{path}\" has an empty name");
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out var next))
                throw Missing(where, path, i == 0 ? null : current.ValueKind == JsonValueKind.Object ? $"{path[..(i - 1)]} has no key \"{key}\"" : $"{path[..(i - 1)]} is not an object");
            current = next;
            i = end;
        }
        return current;
    }

    /// <summary>The field as text: strings as they are, numbers and booleans as written (true, false).</summary>
    public static string Text(JsonElement row, string path, string where) => Text(Find(row, path, where), $"{where}: field \"{path}\"");

    /// <summary>A value as text: strings as they are, numbers and booleans as written.</summary>
    public static string Text(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new SharpPruneException($"{what} is not a string, number or boolean"),
    };

    static SharpPruneException Missing(string where, string path, string? why) =>
        new($"{where}: no field \"{path}\"{(why is null ? "" : $" ({why})")}");
}
