using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.LlamaCpp;
using SharpPrune.Text;

namespace SharpPrune.Bench;

/// <summary>
/// <c>gguf-ppl --model DIR --gguf FILE --data F [--field F] [--docs FILTER] [--max-docs N] [--seq-len L] [--threads T]</c>: perplexity
/// of a GGUF computed by llama.cpp (LLamaSharp) on exactly the windows <c>sharpprune ppl</c> scores for the same
/// arguments — the documents tokenized by the model folder's tokenizer, disjoint windows of L tokens (default: the
/// model's context). The last line is <c>{"ppl":…,"nll":…,"tokens_scored":…}</c>, as <c>ppl --json</c> prints.
/// </summary>
static class GgufPerplexity
{
    public static void Run(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        string Get(string name, string? fallback = null) => options.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"{name} is required");

        string model = Get("--model");
        var config = Models.ModelConfigReader.ReadFolder(model);
        int seqLen = int.Parse(Get("--seq-len", config.MaxPositions.ToString()));
        var spec = new PerplexitySpec(Get("--data"), Get("--field", "text"),
            options.TryGetValue("--docs", out var filter) ? DocumentFilter.Parse(filter) : null,
            options.TryGetValue("--max-docs", out var max) ? int.Parse(max) : null, seqLen);
        var tokenizer = TextTokenizer.Load(model);
        var documents = spec.ReadDocuments().Select(d => tokenizer.Encode(d.Text)).ToList();
        using var llama = LlamaCppModel.Load(Get("--gguf"), seqLen, threads: int.Parse(Get("--threads", "1")));
        var result = llama.Perplexity(documents, seqLen, seqLen);
        Console.WriteLine(JsonSerializer.Serialize(new { ppl = result.Perplexity, nll = result.Nll, tokens_scored = result.TokensScored }));
    }
}
