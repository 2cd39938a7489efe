namespace SharpPrune.Tasks;

/// <summary>
/// Finds the mildest cut of a prompt that fits: cut k = 0 is the uncut prompt and larger k cut more, so the token count
/// falls (nearly always monotonically, for BPE) as k grows. A binary search keeps long prompts to a few tokenizations;
/// the cut returned has itself been checked to fit.
/// </summary>
internal static class PromptCutter
{
    /// <returns>The encoding at the smallest fitting cut and that cut's number, or null when even the largest cut does not fit.</returns>
    public static (T Encoded, int Cut)? Fit<T>(int cuts, Func<int, T> encode, Func<T, bool> fits)
    {
        var first = encode(0);
        if (fits(first)) return (first, 0);
        int lo = 1, hi = cuts - 1;
        if (hi < lo) return null;
        var best = encode(hi);
        if (!fits(best)) return null;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            var candidate = encode(mid);
            if (fits(candidate)) (hi, best) = (mid, candidate);
            else lo = mid + 1;
        }
        return (best, hi);
    }

    /// <summary>Indexes where a word starts after whitespace in <paramref name="text"/>: the places a cut from the left may begin.</summary>
    public static List<int> WordStarts(string text)
    {
        var starts = new List<int>();
        for (int i = 1; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i]) && char.IsWhiteSpace(text[i - 1])) starts.Add(i);
        return starts;
    }
}
