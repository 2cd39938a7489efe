using System.Text.Json;

namespace SharpPrune.IO;

/// <summary>
/// JsonDocument accepts strings that a .NET string cannot hold (an escaped lone surrogate such as
/// "\ud800", or invalid UTF-8 bytes) and only fails when one is read, with InvalidOperationException
/// from wherever the read happens. Parsers of untrusted JSON check the whole document once, right
/// after parsing, so that every later read of a name or string is safe.
/// </summary>
internal static class JsonUnicode
{
    /// <summary>Throws a one-line error naming <paramref name="path"/> at the first name or string that is not valid Unicode.</summary>
    public static void Check(string path, JsonElement element)
    {
        try
        {
            Walk(element);
        }
        catch (InvalidOperationException e)
        {
            throw SharpPruneException.InFile(path, $"holds a JSON string that is not valid Unicode ({e.Message})");
        }
    }

    // Recursion is bounded by JsonDocument's nesting limit (64 by default).
    static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
                break;
        }
    }
}
