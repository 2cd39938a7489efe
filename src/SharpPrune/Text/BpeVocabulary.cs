using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;

namespace SharpPrune.Text;

/// <summary>
/// A fitted byte-level BPE vocabulary: tokens by id (special tokens first, then the 256 bytes, then one per merge)
/// and the merges in order. <see cref="Save"/> writes it as the tokenizer.json + tokenizer_config.json pair that
/// transformers' GPT-2-style fast tokenizer and <see cref="TextTokenizer"/> both load.
/// </summary>
public sealed record BpeVocabulary(IReadOnlyList<string> Tokens, IReadOnlyList<(string Left, string Right)> Merges, IReadOnlyList<string> SpecialTokens)
{
    /// <summary>Writes the tokenizer files into a new folder (all or nothing); the first special token is BOS and EOS.</summary>
    public void Save(string directory, bool overwrite, int maxLength)
    {
        using var staging = AtomicDirectory.Begin(directory, overwrite);
        Write(Path.Combine(staging.Path, "tokenizer.json"), TokenizerJson());
        string? special = SpecialTokens.Count > 0 ? SpecialTokens[0] : null;
        Write(Path.Combine(staging.Path, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = special,
            ["eos_token"] = special,
            ["add_bos_token"] = false,
            ["model_max_length"] = maxLength,
        });
        staging.Commit();
    }

    JsonObject TokenizerJson()
    {
        var vocab = new JsonObject();
        for (int id = SpecialTokens.Count; id < Tokens.Count; id++) vocab[Tokens[id]] = id;
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(SpecialTokens.Select((t, id) => (JsonNode)new JsonObject
            {
                ["id"] = id, ["content"] = t, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            }).ToArray()),
            ["normalizer"] = null,
            ["pre_tokenizer"] = byteLevel.DeepClone(),
            ["post_processor"] = byteLevel.DeepClone(),
            ["decoder"] = byteLevel.DeepClone(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right)).ToArray()),
            },
        };
    }

    static void Write(string path, JsonObject json) =>
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
}
