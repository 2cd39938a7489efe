using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Text;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune ppl</c>: perplexity of a text file (.txt = one document, .jsonl = one per line).</summary>
internal static class PplCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var data = new Option<string>("--data") { Description = "text to score: " + CommandAction.TextSource, Required = true };
        var field = new Option<string>("--field") { Description = "JSON field holding the text (A+B joins fields)", DefaultValueFactory = _ => "text" };
        var seqLen = new Option<int?>("--seq-len") { Description = "window length in tokens (default: the model's context)" };
        var stride = new Option<int?>("--stride") { Description = "tokens between window starts (default: --seq-len)" };
        var maxDocs = new Option<int?>("--max-docs") { Description = "only the first N documents" };
        var filter = new Option<string?>("--docs") { Description = "which documents: FROM:TO slice by sorted id (e.g. 0.8:1), ids:FILE or not-ids:FILE" };
        var stream = CommandAction.StreamOption("score layer-major (every window through layer 1, then layer 2, …), reading");
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("ppl", "Perplexity of a model on a text set") { model, data, field, seqLen, stride, maxDocs, filter, stream, device, json, force };
        CommandAction.Set(command, parse =>
        {
            string dir = parse.GetValue(model)!;
            var spec = new PerplexitySpec(parse.GetValue(data)!, parse.GetValue(field)!,
                parse.GetValue(filter) is { } r ? DocumentFilter.Parse(r, filter.Name) : null, parse.GetValue(maxDocs), parse.GetValue(seqLen), parse.GetValue(stride));
            var docs = spec.ReadDocuments();
            var config = ModelConfigReader.ReadFolder(dir);
            int length = spec.SeqLen ?? config.MaxPositions;
            PerplexityEvaluator.Validate(config, length, spec.Stride ?? length);
            double storedBytes = MemoryEstimate.StoredBytesPerWeight(dir);
            var residency = MemoryGuard.Choose("ppl", CommandAction.ParseStream(parse.GetValue(stream)!),
                MemoryEstimate.Inference(config, 1, length, residency: WeightResidency.Stored, storedBytes: storedBytes),
                MemoryEstimate.LayerMajorInference(config, 1, length, storedBytes), null, parse.GetValue(force));
            using var lm = CausalLM.Load(dir, CommandAction.ParseDevice(parse.GetValue(device)!), residency);
            var tokenizer = TextTokenizer.Load(dir);
            var encoded = docs.Select(d => tokenizer.Encode(d.Text)).ToList();
            var watch = Stopwatch.StartNew();
            var result = Progress.Run("perplexity", "tokens", encoded.Sum(d => (long)d.Count), !parse.GetValue(json),
                progress => spec.Evaluate(lm, encoded, progress.Advance));
            double tokensPerSecond = result.TokensScored / watch.Elapsed.TotalSeconds;
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { ppl = result.Perplexity, nll = result.Nll, tokens_scored = result.TokensScored }));
            else
                Console.WriteLine($"perplexity {result.Perplexity:F4} (mean NLL {result.Nll:F5} over {result.TokensScored:N0} tokens, {tokensPerSecond:N0} tokens/s)");
            return 0;
        });
        return command;
    }
}
