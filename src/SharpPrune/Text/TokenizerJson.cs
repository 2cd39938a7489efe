using System.Text.Json;

namespace SharpPrune.Text;

/// <summary>
/// The parts of a Hugging Face tokenizer.json (BPE model only) that we turn into ML.Tokenizers objects.
/// The pipeline sections stay as JSON: the tokenizer built from them decides which layouts it understands.
/// </summary>
internal sealed class TokenizerJson
{
    public required string Path { get; init; }
    public required IReadOnlyDictionary<string, int> Vocab { get; init; }
    public required IReadOnlyList<(string Left, string Right)> Merges { get; init; }
    public required IReadOnlyList<AddedToken> AddedTokens { get; init; }
    public string? UnknownToken { get; init; }
    public bool ByteFallback { get; init; }
    public JsonElement? Normalizer { get; init; }
    public JsonElement? PreTokenizer { get; init; }
    public JsonElement? PostProcessor { get; init; }

    public static TokenizerJson Read(string path)
    {
        var root = JsonFile.Read(path);
        if (root.ValueKind != JsonValueKind.Object)
            throw SharpPruneException.InFile(path, "expected a JSON object at the top level");
        var model = root.Find("model") ?? throw SharpPruneException.InFile(path, "no \"model\" section");
        string type = model.Find("type")?.ToString() ?? "(none)";
        if (type != "BPE")
            throw SharpPruneException.InFile(path, $"unsupported tokenizer model type \"{type}\" (only BPE is supported)");

        return new TokenizerJson
        {
            Path = path,
            Vocab = ReadVocab(path, model),
            Merges = ReadMerges(path, model),
            AddedTokens = ReadAddedTokens(path, root),
            UnknownToken = model.FindString("unk_token", path),
            ByteFallback = model.Find("byte_fallback")?.ValueKind == JsonValueKind.True,
            Normalizer = root.Find("normalizer"),
            PreTokenizer = root.Find("pre_tokenizer"),
            PostProcessor = root.Find("post_processor"),
        };
    }

    /// <summary>The id of a vocabulary entry or added token, if the text is one.</summary>
    public int? IdOf(string token) =>
        AddedTokens.FirstOrDefault(t => t.Content == token)?.Id ?? (Vocab.TryGetValue(token, out int id) ? id : null);

    private static Dictionary<string, int> ReadVocab(string path, JsonElement model)
    {
        var vocab = model.Find("vocab");
        if (vocab?.ValueKind != JsonValueKind.Object)
            throw SharpPruneException.InFile(path, "model.vocab is missing or not an object");
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.Value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                throw SharpPruneException.InFile(path, $"model.vocab entry \"{entry.Name}\" has no non-negative integer id");
            result[entry.Name] = id;
        }
        return result;
    }

    // Older files write a merge as "a b"; newer ones (tokenizers >= 0.20) as ["a", "b"], which allows spaces in tokens.
    private static List<(string, string)> ReadMerges(string path, JsonElement model)
    {
        var merges = model.Find("merges");
        if (merges?.ValueKind != JsonValueKind.Array)
            throw SharpPruneException.InFile(path, "model.merges is missing or not an array");
        var result = new List<(string, string)>();
        foreach (var merge in merges.Value.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String && merge.GetString()!.Split(' ') is [var left, var right])
                result.Add((left, right));
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
                result.Add((merge[0].GetString()!, merge[1].GetString()!));
            else
                throw SharpPruneException.InFile(path, $"model.merges entry {result.Count} is neither \"a b\" nor [\"a\", \"b\"]: {merge.GetRawText()}");
        }
        return result;
    }

    private static List<AddedToken> ReadAddedTokens(string path, JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (root.Find("added_tokens") is not { } added)
            return tokens;
        if (added.ValueKind != JsonValueKind.Array)
            throw SharpPruneException.InFile(path, "added_tokens is not an array");
        foreach (var token in added.EnumerateArray())
        {
            if (token.Find("id") is not { ValueKind: JsonValueKind.Number } id || !id.TryGetInt32(out int value)
                || token.Find("content") is not { ValueKind: JsonValueKind.String } content)
                throw SharpPruneException.InFile(path, $"added_tokens entry {tokens.Count} lacks an integer \"id\" or string \"content\"");
            tokens.Add(new AddedToken(value, content.GetString()!, token.Find("special")?.ValueKind == JsonValueKind.True));
        }
        return tokens;
    }
}
