using System.Text.Json;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Finds the values in JSON text with <see cref="Utf8JsonReader"/>, so mutations can rewrite the text
/// in place: duplicate keys, raw numbers like 1e400 and lone surrogate escapes all survive, which a
/// parse-edit-serialize round trip would lose. Text that is already broken yields the spans before the break.
/// </summary>
public static class JsonSpans
{
    public static List<JsonSpan> Find(byte[] json)
    {
        var spans = new List<JsonSpan>();
        // Containers still open: where they start and where their member name started.
        var open = new Stack<(int Start, JsonTokenType Kind, int PropertyStart)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 100_000, AllowTrailingCommas = true });
        var propertyStart = -1;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        propertyStart = start;
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Push((start, reader.TokenType, propertyStart));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var (openStart, kind, openProperty) = open.Pop();
                        spans.Add(new JsonSpan(openStart, (int)reader.BytesConsumed, kind, openProperty));
                        break;
                    default:
                        spans.Add(new JsonSpan(start, (int)reader.BytesConsumed, reader.TokenType, propertyStart));
                        break;
                }
                propertyStart = -1;
            }
        }
        catch (JsonException)
        {
            // Broken text: keep what was found before the break.
        }
        return spans;
    }
}
