using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using SharpPrune.Evaluation;

namespace SharpPrune.LlamaCpp;

/// <summary>
/// A GGUF file running in llama.cpp (through LLamaSharp), with the operations SharpPrune checks an export by:
/// tokenizing, the logits of a sequence, greedy continuation, and perplexity over the same windows as
/// <see cref="PerplexityEvaluator"/>. The KV cache is kept in f32 so that an f32 export computes what SharpPrune does.
/// </summary>
public sealed class LlamaCppModel : IDisposable
{
    readonly LLamaWeights weights;
    readonly LLamaContext context;

    LlamaCppModel(LLamaWeights weights, LLamaContext context)
    {
        this.weights = weights;
        this.context = context;
    }

    /// <param name="contextSize">Longest sequence one call decodes (one batch).</param>
    /// <param name="threads">ggml's worker threads spin while they wait for each other, so on cores shared with other
    /// work more than one thread can be far slower: on the 2-core machine under a load of ~40, the test exporting four
    /// types and measuring their perplexity took 10.9 minutes with 2 threads, where it had taken 39 s unloaded.</param>
    public static LlamaCppModel Load(string path, int contextSize, int threads = 1)
    {
        LlamaCppRuntime.Ensure();
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            BatchSize = (uint)contextSize,
            UBatchSize = (uint)contextSize,
            Threads = threads,
            BatchThreads = threads,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            GpuLayerCount = 0,
        };
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(parameters);
        }
        catch (Exception e) when (e is LLama.Exceptions.LoadWeightsFailedException)
        {
            throw SharpPruneException.InFile(path, $"llama.cpp cannot load it: {LlamaCppRuntime.LastProblem ?? e.Message}");
        }
        return new LlamaCppModel(weights, weights.CreateContext(parameters));
    }

    public int VocabSize => weights.Vocab.Count;

    /// <summary>llama.cpp's token ids of <paramref name="text"/> (special-token text is not parsed as special).</summary>
    public IReadOnlyList<int> Tokenize(string text, bool addBos) =>
        weights.Tokenize(text, addBos, special: false, Encoding.UTF8).Select(t => (int)t).ToList();

    /// <summary>Logits [position][vocab] of one sequence, decoded from an empty cache.</summary>
    public float[][] Logits(IReadOnlyList<int> ids)
    {
        context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (int i = 0; i < ids.Count; i++) batch.Add(ids[i], i, LLamaSeqId.Zero, true);
        Decode(batch);
        return Enumerable.Range(0, ids.Count).Select(i => context.NativeHandle.GetLogitsIth(i).ToArray()).ToArray();
    }

    /// <summary>Greedy (arg-max) continuation of <paramref name="prompt"/>, up to <paramref name="count"/> tokens or an end token.</summary>
    public IReadOnlyList<int> Greedy(IReadOnlyList<int> prompt, int count, IReadOnlySet<int> endIds)
    {
        context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Count; i++) batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Count - 1);
        Decode(batch);
        var generated = new List<int>();
        int position = prompt.Count;
        while (generated.Count < count)
        {
            var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
            int next = ArgMax(logits);
            if (endIds.Contains(next)) break;
            generated.Add(next);
            batch.Clear();
            batch.Add(next, position++, LLamaSeqId.Zero, true);
            Decode(batch);
        }
        return generated;
    }

    /// <summary>Perplexity with <see cref="PerplexityEvaluator"/>'s windows: seqLen tokens every stride tokens, each
    /// window scoring the targets no earlier window scored, never its own first token.</summary>
    public PerplexityResult Perplexity(IEnumerable<IReadOnlyList<int>> documents, int seqLen, int stride)
    {
        double nllSum = 0;
        long scored = 0;
        foreach (var tokens in documents)
        {
            long prevEnd = 0;
            for (int begin = 0; begin < tokens.Count; begin += stride)
            {
                int end = Math.Min(begin + seqLen, tokens.Count);
                int firstTarget = (int)Math.Max(prevEnd, begin + 1);
                if (firstTarget < end)
                {
                    var logits = Logits(tokens.Skip(begin).Take(end - begin).ToList());
                    for (int target = firstTarget; target < end; target++)
                        nllSum -= LogSoftmaxAt(logits[target - 1 - begin], tokens[target]);
                    scored += end - firstTarget;
                }
                prevEnd = end;
                if (end == tokens.Count) break;
            }
        }
        return scored == 0 ? throw new SharpPruneException("no tokens were scored (documents shorter than two tokens)")
            : new PerplexityResult(nllSum / scored, scored);
    }

    static double LogSoftmaxAt(float[] logits, int index)
    {
        double max = logits.Max();
        double sum = 0;
        foreach (float l in logits) sum += Math.Exp(l - max);
        return logits[index] - max - Math.Log(sum);
    }

    static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    void Decode(LLamaBatch batch)
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new SharpPruneException($"llama.cpp decode failed: {result} ({LlamaCppRuntime.LastProblem})");
    }

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }
}
