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
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static bool Handles(TokenizerJson json) => json.PreTokenizer is { } p && HasType(json, p, "ByteLevel");

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
        return new ByteLevelBpeModel(BuildTokenizer(json, options));
    }

    // ML.Tokenizers checks merges and vocabulary itself and throws its own exceptions; they are about this file.
    private static BpeTokenizer BuildTokenizer(TokenizerJson json, BpeOptions options)
    {
        try
        {
            return BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw SharpPruneException.InFile(json.Path, $"BPE model cannot be built: {e.Message.Split('\n')[0]}");
        }
    }

    public IReadOnlyList<int> Encode(string segment, bool atTextStart) => tokenizer.EncodeToIds(segment);

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids, considerSpecialTokens: true);

    private static void CollectPreTokenizers(TokenizerJson json, JsonElement node, IReadOnlyDictionary<string, int> addedTokens,
        List<PreTokenizer> splitters, ref bool addPrefixSpace)
    {
        switch (node.FindString("type", json.Path))
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
        string behavior = split.FindString("behavior", json.Path) ?? "(none)";
        if (behavior != "Isolated" || split.Find("invert")?.ValueKind == JsonValueKind.True)
            throw SharpPruneException.InFile(json.Path, $"unsupported Split pre_tokenizer (behavior \"{behavior}\"; only non-inverted Isolated is supported)");
        var pattern = split.Find("pattern");
        if (pattern?.FindString("Regex", json.Path) is { } regex)
            return regex;
        if (pattern?.FindString("String", json.Path) is { } literal)
            return Regex.Escape(literal);
        throw SharpPruneException.InFile(json.Path, "Split pre_tokenizer has no Regex or String pattern");
    }

    private static RegexPreTokenizer Splitter(string pattern, IReadOnlyDictionary<string, int> addedTokens) =>
        new(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), addedTokens);

    private static NormalizationForm? ReadNormalizationForm(TokenizerJson json) =>
        json.Normalizer?.FindString("type", json.Path) switch
        {
            null => null,
            "NFC" => NormalizationForm.FormC,
            "NFKC" => NormalizationForm.FormKC,
            var other => throw SharpPruneException.InFile(json.Path, $"unsupported normalizer \"{other}\" in a byte-level BPE tokenizer"),
        };

    private static bool HasType(TokenizerJson json, JsonElement node, string type) =>
        node.FindString("type", json.Path) == type
        || (node.Find("pretokenizers") is { ValueKind: JsonValueKind.Array } inner && inner.EnumerateArray().Any(n => HasType(json, n, type)));
}
