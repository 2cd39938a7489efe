using System.Text.Json;

namespace SharpPrune.Text;

/// <summary>
/// How a SentencePiece-style tokenizer.json turns text into pieces: spaces become "▁", a "▁" goes in front, and
/// optionally each "▁" starts a new piece. Read from either the normalizer (Prepend + Replace, Llama 2 style) or a
/// Metaspace pre-tokenizer (newer files).
/// </summary>
/// <remarks>
/// A "▁" is prepended only where the text does not already start with one, as Metaspace does. transformers loads
/// Llama tokenizers through Metaspace even when the file names Prepend, so this is what its ids for text with
/// leading spaces show; the bare <c>tokenizers</c> Prepend normalizer would add one more "▁".
/// </remarks>
internal sealed record MetaspaceRule(bool ReplaceSpaces, MetaspaceRule.Prefix PrefixScheme, bool Split)
{
    public const char Space = '\u2581';

    public enum Prefix { Never, First, Always }

    public static bool Handles(TokenizerJson json) =>
        json.ByteFallback || json.PreTokenizer?.FindString("type", json.Path) == "Metaspace" || json.Normalizer is not null;

    public static MetaspaceRule Read(TokenizerJson json)
    {
        var rule = new MetaspaceRule(false, Prefix.Never, false);
        if (json.Normalizer is { } normalizer)
            rule = rule.WithNormalizer(json, normalizer);
        if (json.PreTokenizer is { } preTokenizer)
            rule = rule.WithMetaspace(json, preTokenizer);
        return rule;
    }

    /// <summary>The SentencePiece input for a piece of text, cut where the rule splits.</summary>
    public IEnumerable<string> Apply(string segment, bool atTextStart)
    {
        string text = ReplaceSpaces ? segment.Replace(' ', Space) : segment;
        bool prepend = PrefixScheme == Prefix.Always || (PrefixScheme == Prefix.First && atTextStart);
        if (prepend && text.Length > 0 && text[0] != Space)
            text = Space + text;
        if (!Split)
        {
            yield return text;
            yield break;
        }

        int start = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == Space)
            {
                yield return text[start..i];
                start = i;
            }
        }
    }

    private MetaspaceRule WithNormalizer(TokenizerJson json, JsonElement node)
    {
        switch (node.FindString("type", json.Path))
        {
            case "Sequence" when node.Find("normalizers") is { ValueKind: JsonValueKind.Array } steps:
                return steps.EnumerateArray().Aggregate(this, (rule, step) => rule.WithNormalizer(json, step));
            case "Prepend" when node.FindString("prepend", json.Path) == Space.ToString():
                return this with { PrefixScheme = Prefix.Always };
            case "Replace" when node.Find("pattern")?.FindString("String", json.Path) == " " && node.FindString("content", json.Path) == Space.ToString():
                return this with { ReplaceSpaces = true };
            case var other:
                throw SharpPruneException.InFile(json.Path, $"unsupported normalizer \"{other}\" {node.GetRawText()} in a SentencePiece-style BPE tokenizer");
        }
    }

    private MetaspaceRule WithMetaspace(TokenizerJson json, JsonElement node)
    {
        if (node.FindString("type", json.Path) is var type && type != "Metaspace")
            throw SharpPruneException.InFile(json.Path, $"unsupported pre_tokenizer \"{type}\" in a SentencePiece-style BPE tokenizer");
        if (node.FindString("replacement", json.Path) is { } replacement && replacement != Space.ToString())
            throw SharpPruneException.InFile(json.Path, $"unsupported Metaspace replacement \"{replacement}\"");
        // Files from tokenizers < 0.19 carry add_prefix_space instead of prepend_scheme.
        var scheme = node.FindString("prepend_scheme", json.Path) switch
        {
            "always" => Prefix.Always,
            "first" => Prefix.First,
            "never" => Prefix.Never,
            null => node.Find("add_prefix_space")?.ValueKind == JsonValueKind.False ? Prefix.Never : Prefix.Always,
            var other => throw SharpPruneException.InFile(json.Path, $"unsupported Metaspace prepend_scheme \"{other}\""),
        };
        return this with { ReplaceSpaces = true, PrefixScheme = scheme, Split = node.Find("split")?.ValueKind != JsonValueKind.False };
    }
}
