using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Generation;

/// <summary>
/// Autoregressive decoding with a KV cache: the prompt in one forward pass, then one token per step.
/// Greedy at temperature 0, else temperature + nucleus (top-p) sampling from a seeded generator.
/// </summary>
public static class TextGenerator
{
    /// <summary>The new token ids after <paramref name="prompt"/> (which must not be empty), stopping at a stop id (not included).</summary>
    public static List<int> Generate(CausalLM model, IReadOnlyList<int> prompt, SamplingOptions options, IReadOnlySet<int> stopIds,
        Action<int>? onToken = null)
    {
        options.Validate();
        if (prompt.Count == 0) throw new SharpPruneException("generation needs at least one prompt token (BOS)");
        int limit = model.Config.Architecture.LearnedPositions ? model.Config.MaxPositions : int.MaxValue;
        var generated = new List<int>();
        using var cache = new KvCache(model.Config.NumLayers);
        using var generator = new Generator((ulong)options.Seed, CPU);
        using var _ = no_grad();
        var next = prompt.Select(i => (long)i).ToArray();
        while (generated.Count < options.MaxNewTokens && cache.Length + next.Length <= limit)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(next, device: model.Device).unsqueeze(0);
            var logits = model.Forward(ids, cache)[0, -1].to_type(ScalarType.Float32).cpu();
            int token = Choose(logits, options, generator);
            if (stopIds.Contains(token)) break;
            generated.Add(token);
            onToken?.Invoke(token);
            next = [token];
        }
        return generated;
    }

    static int Choose(Tensor logits, SamplingOptions options, Generator generator)
    {
        if (options.Temperature == 0) return (int)logits.argmax().item<long>();
        var probs = nn.functional.softmax(logits / options.Temperature, 0);
        var (sorted, order) = probs.sort(descending: true);
        // Keep the smallest prefix whose mass reaches top-p: a token stays if the mass before it is below p.
        var before = sorted.cumsum(0) - sorted;
        var kept = sorted.masked_fill(before >= options.TopP, 0);
        var pick = kept.multinomial(1, generator: generator).item<long>();
        return (int)order[pick].item<long>();
    }
}
