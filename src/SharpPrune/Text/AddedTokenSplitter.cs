namespace SharpPrune.Text;

/// <summary>
/// Cuts text at added tokens, so they map to their own ids and the text between them is tokenized on its own —
/// the order Hugging Face applies (added tokens first, then normalizer and pre-tokenizer per remaining piece).
/// </summary>
/// <remarks>
/// An ordinal search, not a Regex of the alternatives: building a Regex from a long added token (a 64K-character
/// content in a hostile tokenizer.json) allocated gigabytes.
/// </remarks>
internal sealed class AddedTokenSplitter
{
    readonly string[] longestFirst;
    readonly Dictionary<string, int> ids;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        ids = tokens.Where(t => t.Content.Length > 0).GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First().Id);
        // Longest first, so "<|end|>" is not cut short by an added token that is its prefix.
        longestFirst = ids.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyDictionary<string, int> Ids => ids;

    /// <summary>Each piece is either plain text (<c>Id</c> null) or one added token.</summary>
    public IEnumerable<(string Text, int? Id, int Offset)> Split(string text)
    {
        // Where each token next occurs at or after the current position (-1: nowhere), updated only when passed.
        var next = longestFirst.Select(token => text.IndexOf(token, StringComparison.Ordinal)).ToArray();
        int position = 0;
        while (true)
        {
            int best = -1;
            for (int i = 0; i < next.Length; i++)
            {
                if (next[i] >= 0 && (best < 0 || next[i] < next[best]))
                    best = i;
            }
            if (best < 0)
                break;
            int start = next[best];
            string token = longestFirst[best];
            if (start > position)
                yield return (text[position..start], null, position);
            yield return (token, ids[token], start);
            position = start + token.Length;
            for (int i = 0; i < next.Length; i++)
            {
                if (next[i] >= 0 && next[i] < position)
                    next[i] = text.IndexOf(longestFirst[i], position, StringComparison.Ordinal);
            }
        }

        if (position < text.Length)
            yield return (text[position..], null, position);
    }
}
