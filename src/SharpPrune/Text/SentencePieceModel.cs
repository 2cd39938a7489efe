using Microsoft.ML.Tokenizers;

namespace SharpPrune.Text;

/// <summary>
/// SentencePiece BPE with byte fallback (Llama 1/2, Mistral, TinyLlama, stories260K), run by ML.Tokenizers'
/// <see cref="SentencePieceTokenizer"/> on text we normalize ourselves, so the whitespace rule is that of the file
/// the model came from.
/// </summary>
internal sealed class SentencePieceModel(SentencePieceTokenizer tokenizer, Func<string, bool, IEnumerable<string>> pieces) : ISegmentTokenizer
{
    /// <summary>A tokenizer.model protobuf, with SentencePiece's own normalizer settings (it collapses whitespace runs).</summary>
    public static SentencePieceModel FromModelFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot read: {e.Message}");
        }
        SentencePieceTokenizer tokenizer;
        // Protobuf reports a malformed file with InvalidProtocolBufferException, an IOException, so the file is read
        // first and everything the parser throws is about its contents.
        try
        {
            tokenizer = LlamaTokenizer.Create(new MemoryStream(bytes), addBeginOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw SharpPruneException.InFile(path, $"not a readable SentencePiece model: {e.Message.Split('\n')[0]}");
        }
        var normalizer = (SentencePieceNormalizer)tokenizer.Normalizer!;
        return new SentencePieceModel(tokenizer, (segment, _) => [NormalizeModelText(normalizer, segment)]);
    }

    /// <summary>A SentencePiece-style tokenizer.json, converted to a ModelProto for ML.Tokenizers.</summary>
    public static SentencePieceModel FromTokenizerJson(TokenizerJson json, IReadOnlyDictionary<string, int> addedTokens)
    {
        var rule = MetaspaceRule.Read(json);
        byte[] proto = SentencePieceProto.Write(json, rule.PrefixScheme != MetaspaceRule.Prefix.Never, rule.ReplaceSpaces);
        using var stream = new MemoryStream(proto);
        SentencePieceTokenizer tokenizer;
        // ML.Tokenizers checks the vocabulary itself and throws its own exceptions; they are about this file.
        try
        {
            tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false,
                addedTokens.Count == 0 ? null : addedTokens);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw SharpPruneException.InFile(json.Path, $"SentencePiece model cannot be built: {e.Message.Split('\n')[0]}");
        }
        return new SentencePieceModel(tokenizer, rule.Apply);
    }

    public SentencePieceTokenizer Tokenizer => tokenizer;

    public IReadOnlyList<int> Encode(string segment, bool atTextStart)
    {
        var ids = new List<int>();
        foreach (string piece in pieces(segment, atTextStart))
            ids.AddRange(tokenizer.EncodeToIds(piece, addBeginningOfSentence: false, addEndOfSentence: false,
                considerPreTokenization: false, considerNormalization: false));
        return ids;
    }

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids, considerSpecialTokens: true);

    private static string NormalizeModelText(SentencePieceNormalizer normalizer, string text)
    {
        // ML.Tokenizers 2.0.1's SentencePieceNormalizer returns "" when trimming spaces leaves exactly one character
        // (it tests start == end instead of start > end); build that one case the way SentencePiece would.
        if (normalizer.RemoveExtraWhiteSpaces && text.Trim(' ') is { Length: 1 } single)
        {
            if (!normalizer.AddDummyPrefix)
                return single;
            string space = normalizer.EscapeWhiteSpaces ? MetaspaceRule.Space.ToString() : " ";
            return normalizer.TreatWhitespaceAsSuffix ? single + space : space + single;
        }
        return normalizer.Normalize(text);
    }
}
