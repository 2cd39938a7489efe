using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Text;

namespace SharpPrune.Bench;

/// <summary>
/// A corpus of exactly N perplexity windows: windows-corpus TOKENIZER_DIR N LENGTH OUT.jsonl writes N JSON-lines documents,
/// each the decoded text of LENGTH − 4 consecutive tokens of the Brown corpus's held-out fifth (the 4 spare tokens absorb a
/// re-encoding that splits differently), so `ppl --seq-len LENGTH` on it runs N windows: the "forward of N windows" the
/// streamed benchmarks time the pruning runs against.
/// </summary>
public static class WindowsCorpus
{
    public static void Run(string[] args)
    {
        var tokenizer = TextTokenizer.Load(args[0]);
        int windows = int.Parse(args[1]), length = int.Parse(args[2]);
        var lines = File.ReadAllLines("../shared/data/general/brown.jsonl");
        var tokens = lines.Skip(lines.Length * 4 / 5)
            .SelectMany(l => tokenizer.Encode(JsonNode.Parse(l)!["text"]!.GetValue<string>(), addSpecialTokens: false))
            .Take(windows * (length - 4)).ToList();
        if (tokens.Count < windows * (length - 4)) throw new SharpPruneException($"Brown's held-out fifth has only {tokens.Count} tokens");
        using var writer = new StreamWriter(args[3]);
        for (int w = 0; w < windows; w++)
            writer.WriteLine(new JsonObject { ["id"] = $"w{w:D3}", ["text"] = tokenizer.Decode(tokens.Skip(w * (length - 4)).Take(length - 4)) }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
