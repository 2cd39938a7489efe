using SharpPrune.Data;
using System.Text;
using System.Text.Json;

namespace SharpPrune.Tasks;

/// <summary>
/// Fills "{path}" placeholders (see <see cref="FieldPath"/>: "{question}", "{options.A}", "{choices[0]}") from a JSON
/// row; "{{" and "}}" stand for literal braces.
/// </summary>
public static class TextTemplate
{
    public static string Render(string template, JsonElement row, string where) =>
        Render(template, path => FieldPath.Text(row, path, where));

    /// <summary>Fills each placeholder with <paramref name="field"/> of the path between its braces.</summary>
    public static string Render(string template, Func<string, string> field)
    {
        var text = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int end = template.IndexOf('}', i + 1);
                if (end < 0) throw new SharpPruneException($"template \"{template}\": unclosed {{");
                text.Append(field(template[(i + 1)..end]));
                i = end;
            }
            else if (c == '}') throw new SharpPruneException($"template \"{template}\": unmatched }}");
            else text.Append(c);
        }
        return text.ToString();
    }
}
