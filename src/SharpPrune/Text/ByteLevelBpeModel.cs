using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace SharpPrune.Text;

/// <summary>
/// Byte-level BPE (GPT-2, Pythia, SmolLM, Llama 3, Qwen2): the tokenizer.json pre-tokenizer becomes ML.Tokenizers
/// regex pre-tokenizers, and <see cref="BpeTokenizer"/> with <c>ByteLevel</c> maps bytes to GPT-2's printable alphabet.
/// </summary>
internal sealed class ByteLevelBpeModel(BpeTokenizer tokenizer) : ISegmentTokenizer
{
    // The split ByteLevel applies when use_regex is true (tokenizers' byte_level.rs).
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static bool Handles(TokenizerJson json) => json.PreTokenizer is { } p && HasType(p, "ByteLevel");

    public static ByteLevelBpeModel Create(TokenizerJson json, IReadOnlyDictionary<string, int> addedTokens)
    {
        var splitters = new List<PreTokenizer>();
        bool addPrefixSpace = false;
        CollectPreTokenizers(json, json.PreTokenizer!.Value, addedTokens, splitters, ref addPrefixSpace);

        var options = new BpeOptions(json.Vocab)
        {
            Merges = json.Merges.Select(m => $"{m.Left} {m.Right}"),
            SpecialTokens = addedTokens,
            ByteLevel = true,
            Normalizer = new ByteLevelNormalizer(ReadNormalizationForm(json), addPrefixSpace),
            PreTokenizer = splitters.Count == 1 ? splitters[0] : new CompositePreTokenizer(splitters, addedTokens),
            UnknownToken = json.UnknownToken is { } unk && json.Vocab.ContainsKey(unk) ? unk : null,
        };
        return new ByteLevelBpeModel(BpeTokenizer.Create(options));
    }

    public IReadOnlyList<int> Encode(string segment, bool atTextStart) => tokenizer.EncodeToIds(segment);

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids, considerSpecialTokens: true);

    private static void CollectPreTokenizers(TokenizerJson json, JsonElement node, IReadOnlyDictionary<string, int> addedTokens,
        List<PreTokenizer> splitters, ref bool addPrefixSpace)
    {
        switch (node.Find("type")?.GetString())
        {
            case "Sequence":
                if (node.Find("pretokenizers") is not { ValueKind: JsonValueKind.Array } steps)
                    throw SharpPruneException.InFile(json.Path, "Sequence pre_tokenizer has no \"pretokenizers\" array");
                foreach (var inner in steps.EnumerateArray())
                    CollectPreTokenizers(json, inner, addedTokens, splitters, ref addPrefixSpace);
                break;
            case "ByteLevel":
                addPrefixSpace |= node.Find("add_prefix_space")?.ValueKind == JsonValueKind.True;
                if (node.Find("use_regex")?.ValueKind != JsonValueKind.False)
                    splitters.Add(Splitter(Gpt2Pattern, addedTokens));
                break;
            case "Split":
                splitters.Add(Splitter(ReadSplitPattern(json, node), addedTokens));
                break;
            case "Digits":
                bool individual = node.Find("individual_digits")?.ValueKind == JsonValueKind.True;
                splitters.Add(Splitter(individual ? @"\p{N}|\P{N}+" : @"\p{N}+|\P{N}+", addedTokens));
                break;
            case var other:
                throw SharpPruneException.InFile(json.Path, $"unsupported pre_tokenizer \"{other}\" in a byte-level BPE tokenizer");
        }
    }

    // Only "Isolated" matches a regex pre-tokenizer: each match is its own piece, with nothing removed or merged.
    private static string ReadSplitPattern(TokenizerJson json, JsonElement split)
    {
        string behavior = split.Find("behavior")?.GetString() ?? "(none)";
        if (behavior != "Isolated" || split.Find("invert")?.ValueKind == JsonValueKind.True)
            throw SharpPruneException.InFile(json.Path, $"unsupported Split pre_tokenizer (behavior \"{behavior}\"; only non-inverted Isolated is supported)");
        var pattern = split.Find("pattern");
        if (pattern?.Find("Regex")?.GetString() is { } regex)
            return regex;
        if (pattern?.Find("String")?.GetString() is { } literal)
            return Regex.Escape(literal);
        throw SharpPruneException.InFile(json.Path, "Split pre_tokenizer has no Regex or String pattern");
    }

    private static RegexPreTokenizer Splitter(string pattern, IReadOnlyDictionary<string, int> addedTokens) =>
        new(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), addedTokens);

    private static NormalizationForm? ReadNormalizationForm(TokenizerJson json) =>
        json.Normalizer?.Find("type")?.GetString() switch
        {
            null => null,
            "NFC" => NormalizationForm.FormC,
            "NFKC" => NormalizationForm.FormKC,
            var other => throw SharpPruneException.InFile(json.Path, $"unsupported normalizer \"{other}\" in a byte-level BPE tokenizer"),
        };

    private static bool HasType(JsonElement node, string type) =>
        node.Find("type")?.GetString() == type
        || (node.Find("pretokenizers") is { ValueKind: JsonValueKind.Array } inner && inner.EnumerateArray().Any(n => HasType(n, type)));
}
