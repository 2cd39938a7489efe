using System.Text.Json;

namespace SharpPrune.Text;

/// <summary>
/// A model's tokenizer, loaded from its folder: tokenizer.json (Hugging Face) when present, else tokenizer.model
/// (SentencePiece). Tokenization itself runs in Microsoft.ML.Tokenizers; this type reads the files, recognises added
/// tokens and applies the BOS/EOS conventions of the files beside it.
/// </summary>
public sealed class TextTokenizer
{
    readonly ISegmentTokenizer model;
    readonly AddedTokenSplitter addedTokens;

    private TextTokenizer(ISegmentTokenizer model, AddedTokenSplitter addedTokens, int vocabSize, bool addsBos, int? bosId, IReadOnlyList<int> eosIds)
    {
        this.model = model;
        this.addedTokens = addedTokens;
        VocabSize = vocabSize;
        AddsBos = addsBos && bosId is not null;
        BosId = bosId;
        EosId = eosIds.Count > 0 ? eosIds[0] : null;
        EosIds = eosIds.ToHashSet();
    }

    public int? BosId { get; }

    /// <summary>The main EOS id: the first listed where the config gives several.</summary>
    public int? EosId { get; }

    /// <summary>Every id that ends generation.</summary>
    public IReadOnlySet<int> EosIds { get; }

    /// <summary>Whether <see cref="Encode"/> puts BOS in front when asked to add special tokens.</summary>
    public bool AddsBos { get; }

    /// <summary>Largest token id + 1, added tokens included.</summary>
    public int VocabSize { get; }

    public static TextTokenizer Load(string modelDir)
    {
        string jsonPath = Path.Combine(modelDir, "tokenizer.json");
        if (File.Exists(jsonPath))
            return FromTokenizerJson(modelDir, TokenizerJson.Read(jsonPath));
        string modelPath = Path.Combine(modelDir, "tokenizer.model");
        if (File.Exists(modelPath))
            return FromModelFile(modelDir, modelPath);
        throw SharpPruneException.InFile(modelDir, Directory.Exists(modelDir)
            ? "no tokenizer.json or tokenizer.model in this folder"
            : "folder not found");
    }

    /// <param name="addSpecialTokens">Whether to put BOS in front (when <see cref="AddsBos"/>); added tokens written
    /// in the text are recognised either way.</param>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>();
        if (addSpecialTokens && AddsBos)
            ids.Add(BosId!.Value);
        foreach (var (piece, addedId, offset) in addedTokens.Split(text))
        {
            if (addedId is { } id)
                ids.Add(id);
            else
                ids.AddRange(model.Encode(piece, atTextStart: offset == 0));
        }
        return ids;
    }

    /// <summary>Text for the ids, leaving out BOS and EOS; byte-fallback tokens are fused back into UTF-8.</summary>
    public string Decode(IEnumerable<int> ids) => model.Decode(ids.Where(id => id != BosId && !EosIds.Contains(id)));

    private static TextTokenizer FromTokenizerJson(string modelDir, TokenizerJson json)
    {
        var addedTokens = new AddedTokenSplitter(json.AddedTokens);
        ISegmentTokenizer model = ByteLevelBpeModel.Handles(json) ? ByteLevelBpeModel.Create(json, addedTokens.Ids)
            : MetaspaceRule.Handles(json) ? SentencePieceModel.FromTokenizerJson(json, addedTokens.Ids)
            : throw SharpPruneException.InFile(json.Path, "unsupported BPE layout: neither a ByteLevel pre_tokenizer nor SentencePiece-style (byte_fallback, Metaspace or a ▁ normalizer)");

        var config = SpecialTokenConfig.Read(modelDir);
        int? templateBos = ReadTemplateBos(json);
        int? bosId = (config.BosToken is { } bos ? json.IdOf(bos) : null) ?? templateBos ?? config.BosTokenId;
        var eosIds = config.EosTokenIds.Concat(config.EosToken is { } eos && json.IdOf(eos) is { } eosId ? [eosId] : []).Distinct().ToList();
        int vocabSize = json.Vocab.Values.Concat(json.AddedTokens.Select(t => t.Id)).DefaultIfEmpty(-1).Max() + 1;
        return new TextTokenizer(model, addedTokens, vocabSize, config.AddBosToken ?? templateBos is not null, bosId, eosIds);
    }

    private static TextTokenizer FromModelFile(string modelDir, string modelPath)
    {
        var model = SentencePieceModel.FromModelFile(modelPath);
        var vocab = model.Tokenizer.Vocabulary;
        int? IdOf(string? token) => token is not null && vocab.TryGetValue(token, out int id) ? id : null;

        var config = SpecialTokenConfig.Read(modelDir);
        int? bosId = IdOf(config.BosToken) ?? config.BosTokenId ?? IdOf(model.Tokenizer.BeginningOfSentenceToken);
        var eosIds = config.EosTokenIds.Concat(IdOf(config.EosToken) is { } eosId ? [eosId] : []).Distinct().ToList();
        if (eosIds.Count == 0 && IdOf(model.Tokenizer.EndOfSentenceToken) is { } modelEos)
            eosIds.Add(modelEos);
        // transformers' LlamaTokenizer adds BOS unless told otherwise; a bare SentencePiece model carries no such flag.
        return new TextTokenizer(model, new AddedTokenSplitter([]), vocab.Values.Max() + 1, config.AddBosToken ?? true, bosId, eosIds);
    }

    /// <summary>The special token a TemplateProcessing post-processor puts before the text ("<s> $A"), if any.</summary>
    private static int? ReadTemplateBos(TokenizerJson json)
    {
        if (json.PostProcessor is not { } processor)
            return null;
        var templates = processor.FindString("type", json.Path) == "Sequence" && processor.Find("processors") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().ToList()
            : [processor];
        foreach (var template in templates.Where(t => t.FindString("type", json.Path) == "TemplateProcessing"))
        {
            if (template.Find("single") is not { ValueKind: JsonValueKind.Array } single || single.GetArrayLength() == 0
                || single[0].Find("SpecialToken")?.FindString("id", json.Path) is not { } name)
                continue;
            var ids = template.Find("special_tokens")?.Find(name)?.Find("ids");
            return ids is { ValueKind: JsonValueKind.Array } && ids.Value.GetArrayLength() > 0 && ids.Value[0].ValueKind == JsonValueKind.Number && ids.Value[0].TryGetInt32(out int id)
                ? id
                : json.IdOf(name) ?? throw SharpPruneException.InFile(json.Path, $"post_processor names special token \"{name}\" that has no id");
        }
        return null;
    }
}
