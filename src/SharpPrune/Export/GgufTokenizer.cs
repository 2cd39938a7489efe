using System.Text.Json;
using SharpPrune.Text;

namespace SharpPrune.Export;

/// <summary>
/// The <c>tokenizer.ggml.*</c> metadata of a model folder, in llama.cpp's two vocabulary kinds: <c>llama</c>
/// (SentencePiece: pieces, scores and types from tokenizer.model, as stories260K and Llama 2) and <c>gpt2</c>
/// (byte-level BPE from tokenizer.json: tokens in GPT-2's printable byte alphabet and the merges, with the name of
/// the pre-tokenizer llama.cpp must split text with). The token list always has one entry per embedding row; ids
/// no file names are padding llama.cpp never produces.
/// </summary>
internal static class GgufTokenizer
{
    // llama.cpp's token types (the same numbers as SentencePiece's piece types).
    const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5;

    // Llama 3's split, written in tokenizer.json as a Split pre-tokenizer before a ByteLevel without regex.
    const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static List<KeyValuePair<string, GgufValue>> Metadata(string modelDir, int vocabSize)
    {
        var tokenizer = TextTokenizer.Load(modelDir);
        string modelPath = Path.Combine(modelDir, "tokenizer.model");
        var entries = File.Exists(modelPath) ? SentencePiece(modelPath, vocabSize) : ByteLevelBpe(Path.Combine(modelDir, "tokenizer.json"), vocabSize);
        if (tokenizer.BosId is { } bos) entries.Add(new("tokenizer.ggml.bos_token_id", GgufValue.Of((uint)bos)));
        if (tokenizer.EosId is { } eos) entries.Add(new("tokenizer.ggml.eos_token_id", GgufValue.Of((uint)eos)));
        entries.Add(new("tokenizer.ggml.add_bos_token", GgufValue.Of(tokenizer.AddsBos)));
        entries.Add(new("tokenizer.ggml.add_eos_token", GgufValue.Of(false)));
        return entries;
    }

    static List<KeyValuePair<string, GgufValue>> SentencePiece(string path, int vocabSize)
    {
        var spm = SentencePiecePieces.Read(path);
        if (spm.Pieces.Count > vocabSize)
            throw SharpPruneException.InFile(path, $"{spm.Pieces.Count} pieces but the model embeds only {vocabSize} tokens");
        var pieces = spm.Pieces.ToList();
        var scores = spm.Scores.ToList();
        var types = spm.Types.ToList();
        for (int id = pieces.Count; id < vocabSize; id++)
        {
            pieces.Add($"[PAD{id}]");
            scores.Add(0);
            types.Add(Unused);
        }
        var entries = new List<KeyValuePair<string, GgufValue>>
        {
            new("tokenizer.ggml.model", GgufValue.Of("llama")),
            new("tokenizer.ggml.tokens", GgufValue.Strings(pieces)),
            new("tokenizer.ggml.scores", GgufValue.Floats(scores)),
            new("tokenizer.ggml.token_type", GgufValue.Ints(types)),
            new("tokenizer.ggml.add_space_prefix", GgufValue.Of(spm.AddDummyPrefix)),
        };
        int unknown = types.IndexOf(Unknown);
        if (unknown >= 0) entries.Add(new("tokenizer.ggml.unknown_token_id", GgufValue.Of((uint)unknown)));
        return entries;
    }

    static List<KeyValuePair<string, GgufValue>> ByteLevelBpe(string path, int vocabSize)
    {
        if (!File.Exists(path))
            throw SharpPruneException.InFile(Path.GetDirectoryName(path)!, "no tokenizer.model or tokenizer.json to export");
        var json = TokenizerJson.Read(path);
        if (!ByteLevelBpeModel.Handles(json))
            throw SharpPruneException.InFile(path, "only byte-level BPE tokenizer.json files are exported (a SentencePiece-style one needs its tokenizer.model beside it)");
        string pre = PreTokenizerName(json);
        var tokens = new string?[vocabSize];
        var types = Enumerable.Repeat(Unused, vocabSize).ToArray();
        foreach (var (text, id) in json.Vocab)
            Place(json.Path, tokens, types, id, text, Normal);
        foreach (var added in json.AddedTokens)
            Place(json.Path, tokens, types, added.Id, added.Content, added.Special ? Control : UserDefined);
        for (int id = 0; id < vocabSize; id++) tokens[id] ??= $"[PAD{id}]";
        return
        [
            new("tokenizer.ggml.model", GgufValue.Of("gpt2")),
            new("tokenizer.ggml.pre", GgufValue.Of(pre)),
            new("tokenizer.ggml.tokens", GgufValue.Strings(tokens!)),
            new("tokenizer.ggml.token_type", GgufValue.Ints(types)),
            new("tokenizer.ggml.merges", GgufValue.Strings(json.Merges.Select(m => $"{m.Left} {m.Right}").ToList())),
        ];
    }

    static void Place(string path, string?[] tokens, int[] types, int id, string text, int type)
    {
        if (id >= tokens.Length)
            throw SharpPruneException.InFile(path, $"token \"{text}\" has id {id} but the model embeds only {tokens.Length} tokens");
        tokens[id] = text;
        types[id] = type;
    }

    /// <summary>
    /// llama.cpp chooses its pre-tokenizer split by name (tokenizer.ggml.pre), not by regex, so the tokenizer.json
    /// pre-tokenizer must be one whose name is known: GPT-2's ByteLevel split ("gpt-2") or Llama 3's ("llama-bpe").
    /// </summary>
    static string PreTokenizerName(TokenizerJson json)
    {
        if (json.Normalizer is { ValueKind: not JsonValueKind.Null })
            throw SharpPruneException.InFile(json.Path, "a byte-level BPE with a normalizer has no llama.cpp pre-tokenizer SharpPrune can name");
        var pre = json.PreTokenizer!.Value;
        string? type = pre.FindString("type", json.Path);
        if (type == "ByteLevel" && pre.Find("use_regex")?.ValueKind != JsonValueKind.False && pre.Find("add_prefix_space")?.ValueKind != JsonValueKind.True)
            return "gpt-2";
        if (type == "Sequence" && pre.Find("pretokenizers") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 2
            && list[0].FindString("type", json.Path) == "Split" && list[0].Find("pattern")?.Find("Regex")?.GetString() == Llama3Pattern
            && list[1].FindString("type", json.Path) == "ByteLevel" && list[1].Find("use_regex")?.ValueKind == JsonValueKind.False)
            return "llama-bpe";
        throw SharpPruneException.InFile(json.Path, $"pre_tokenizer of type {type ?? "(none)"} is not one whose llama.cpp name SharpPrune knows (GPT-2's ByteLevel split or Llama 3's)");
    }
}
