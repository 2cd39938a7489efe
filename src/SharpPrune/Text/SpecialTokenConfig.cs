using System.Text.Json;

namespace SharpPrune.Text;

/// <summary>
/// What the files beside the tokenizer say about BOS/EOS: tokenizer_config.json names the tokens and whether BOS is
/// added; generation_config.json and config.json give ids (EOS possibly a list, for chat models with several stops).
/// </summary>
internal sealed record SpecialTokenConfig(bool? AddBosToken, string? BosToken, string? EosToken, int? BosTokenId, IReadOnlyList<int> EosTokenIds)
{
    public static SpecialTokenConfig Read(string modelDir)
    {
        var tokenizerConfig = ReadIfPresent(modelDir, "tokenizer_config.json");
        var generationConfig = ReadIfPresent(modelDir, "generation_config.json");
        var modelConfig = ReadIfPresent(modelDir, "config.json");

        int? bosId = null;
        var eosIds = new List<int>();
        // generation_config.json first: it is what generation stops on, and may list more EOS ids than config.json.
        foreach (var config in new[] { generationConfig, modelConfig })
        {
            if (config is not var (path, root))
                continue;
            bosId ??= ReadIds(path, root, "bos_token_id").FirstOrDefault((int?)null);
            eosIds.AddRange(ReadIds(path, root, "eos_token_id").Select(id => id!.Value));
        }

        return new SpecialTokenConfig(
            ReadAddBos(tokenizerConfig),
            ReadTokenText(tokenizerConfig, "bos_token"),
            ReadTokenText(tokenizerConfig, "eos_token"),
            bosId,
            eosIds.Distinct().ToList());
    }

    private static (string Path, JsonElement Root)? ReadIfPresent(string modelDir, string name)
    {
        string path = Path.Combine(modelDir, name);
        return File.Exists(path) ? (path, JsonFile.Read(path)) : null;
    }

    private static bool? ReadAddBos((string Path, JsonElement Root)? config) =>
        config?.Root.Find("add_bos_token") switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw SharpPruneException.InFile(config!.Value.Path, "add_bos_token is not true or false"),
        };

    // Written either as "<s>" or as an AddedToken object {"content": "<s>", ...}.
    private static string? ReadTokenText((string Path, JsonElement Root)? config, string key) =>
        config?.Root.Find(key) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Object } token when token.Find("content") is { ValueKind: JsonValueKind.String } content => content.GetString(),
            _ => throw SharpPruneException.InFile(config!.Value.Path, $"{key} is neither a string nor an object with \"content\""),
        };

    private static IEnumerable<int?> ReadIds(string path, JsonElement config, string key) =>
        config.Find(key) switch
        {
            null => [],
            { ValueKind: JsonValueKind.Number } id when id.TryGetInt32(out int value) => [value],
            { ValueKind: JsonValueKind.Array } ids when ids.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out _))
                => ids.EnumerateArray().Select(i => (int?)i.GetInt32()).ToList(),
            _ => throw SharpPruneException.InFile(path, $"{key} is neither an integer nor a list of integers"),
        };
}
