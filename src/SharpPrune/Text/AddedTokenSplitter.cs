using System.Text.RegularExpressions;

namespace SharpPrune.Text;

/// <summary>
/// Cuts text at added tokens, so they map to their own ids and the text between them is tokenized on its own —
/// the order Hugging Face applies (added tokens first, then normalizer and pre-tokenizer per remaining piece).
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Regex? _pattern;
    private readonly Dictionary<string, int> _ids;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _ids = tokens.Where(t => t.Content.Length > 0).GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First().Id);
        // Longest first, so "<|end|>" is not cut short by an added token that is its prefix.
        var alternatives = _ids.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape).ToList();
        _pattern = alternatives.Count == 0 ? null : new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant);
    }

    public IReadOnlyDictionary<string, int> Ids => _ids;

    /// <summary>Each piece is either plain text (<c>Id</c> null) or one added token.</summary>
    public IEnumerable<(string Text, int? Id, int Offset)> Split(string text)
    {
        int position = 0;
        if (_pattern is not null)
        {
            foreach (Match match in _pattern.Matches(text))
            {
                if (match.Index > position)
                    yield return (text[position..match.Index], null, position);
                yield return (match.Value, _ids[match.Value], match.Index);
                position = match.Index + match.Length;
            }
        }

        if (position < text.Length)
            yield return (text[position..], null, position);
    }
}
