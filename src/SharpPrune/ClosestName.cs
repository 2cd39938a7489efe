namespace SharpPrune;

/// <summary>The "did you mean" of every error about a mistyped name (an option, a method): the nearest by edit distance.</summary>
public static class ClosestName
{
    /// <summary>The name nearest to <paramref name="typed"/>, or null when none is within a third of its length (at least 2 edits).</summary>
    public static string? Among(string typed, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: EditDistance(typed, n))).Where(c => c.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Name).FirstOrDefault();

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions.</summary>
    public static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
