using System.Text;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>Edits a JSONL file line by line: one line's JSON edited, lines dropped or repeated, hostile lines added.</summary>
public static class JsonlMutator
{
    static readonly string[] Lines =
    [
        "", "   ", "\r", "{}", "[]", "null", "\"text\"", "{\"text\":1}", "{\"text\":null}", "{\"text\":\"\"}", "{\"text\":\"a\",\"text\":\"b\"}",
        "{\"id\":{},\"text\":\"x\"}", "{\"id\":1e400,\"text\":\"x\"}", "{\"id\":\"\\ud800\",\"text\":\"x\"}", "{\"text\":\"\\ud800\"}",
        "{\"text\":\"a\"} trailing", "{\"text\":\"a\"", "\ufeff{\"text\":\"bom\"}", "{\"text\":\"x\"}\r",
    ];

    public static byte[] Mutate(byte[] file, Random rng, byte[] splice)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n').ToList();
        var at = rng.Next(lines.Count);
        switch (rng.Next(5))
        {
            case 0:
                lines[at] = Encoding.UTF8.GetString(JsonMutator.Mutate(Encoding.UTF8.GetBytes(lines[at]), rng, splice)).Replace('\n', ' ');
                break;
            case 1 when lines.Count > 1:
                lines.RemoveAt(at);
                break;
            case 2:
                lines.InsertRange(at, Enumerable.Repeat(lines[at], 1 + rng.Next(50)));
                break;
            case 3:
                lines.Insert(at, Lines[rng.Next(Lines.Length)]);
                break;
            default:
                return ByteMutator.Mutate(file, rng, splice);
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
