namespace SharpPrune.Evaluation;

/// <summary>
/// ROUGE F-measures of a candidate summary against one reference, as Google's rouge_score computes them without
/// stemming: lowercase, words are the runs of letters and digits, ROUGE-N from clipped n-gram counts and ROUGE-L from
/// the longest common subsequence of words (the summary-level "Lsum" splitting into sentences is not done).
/// </summary>
public static class Rouge
{
    public static RougeScore Score(string candidate, string reference)
    {
        var c = Words(candidate);
        var r = Words(reference);
        return new RougeScore(NGram(c, r, 1), NGram(c, r, 2), FMeasure(Lcs(c, r), c.Count, r.Count));
    }

    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    static double NGram(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n)
    {
        var referenceCounts = Counts(reference, n);
        int overlap = 0;
        foreach (var (gram, count) in Counts(candidate, n))
            overlap += Math.Min(count, referenceCounts.GetValueOrDefault(gram));
        return FMeasure(overlap, Math.Max(candidate.Count - n + 1, 0), Math.Max(reference.Count - n + 1, 0));
    }

    static Dictionary<string, int> Counts(IReadOnlyList<string> words, int n)
    {
        var counts = new Dictionary<string, int>();
        // Words hold no spaces, so joining with one keeps n-grams distinct.
        for (int i = 0; i + n <= words.Count; i++)
        {
            string gram = string.Join(' ', words.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    static int Lcs(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // One row of the dynamic-programming table at a time: summaries are short but bills' may not be.
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        foreach (var word in a)
        {
            for (int j = 1; j <= b.Count; j++)
                current[j] = word == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }

    static double FMeasure(int overlap, int candidateCount, int referenceCount)
    {
        if (overlap == 0) return 0;
        double precision = (double)overlap / candidateCount, recall = (double)overlap / referenceCount;
        return 2 * precision * recall / (precision + recall);
    }
}
