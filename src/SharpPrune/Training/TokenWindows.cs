using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// Training text as one token stream (each document encoded as the tokenizer does for a whole text, followed by
/// EOS so the model learns where documents end) cut into non-overlapping windows of seqLen + 1 tokens. Sample k
/// of the run is window order(k / count)[k % count], where order(e) is a permutation seeded by (seed, e): any
/// step's batch is known without replaying the steps before it, which is what makes resuming exact.
/// </summary>
public sealed class TokenWindows
{
    readonly long[] stream;
    readonly int seqLen;
    readonly long seed;
    readonly Dictionary<long, int[]> orders = [];

    public TokenWindows(IEnumerable<string> documents, TextTokenizer tokenizer, int seqLen, long seed)
    {
        if (tokenizer.EosId is not { } eos)
            throw new SharpPruneException("the tokenizer has no EOS token to separate training documents");
        var tokens = new List<long>();
        foreach (var document in documents)
        {
            tokens.AddRange(tokenizer.Encode(document).Select(t => (long)t));
            tokens.Add(eos);
        }
        stream = tokens.ToArray();
        (this.seqLen, this.seed) = (seqLen, seed);
        Count = (int)((stream.LongLength - 1) / seqLen);
        if (Count == 0)
            throw new SharpPruneException($"the training data has {stream.LongLength} tokens, fewer than one window of --seq-len {seqLen} + 1");
    }

    /// <summary>Windows in one pass over the data.</summary>
    public int Count { get; }

    public long TotalTokens => stream.LongLength;

    /// <summary>Samples [first, first + size) of the run as a [size, seqLen + 1] tensor.</summary>
    public Tensor Batch(long first, int size)
    {
        var ids = new long[size * (seqLen + 1)];
        for (int i = 0; i < size; i++)
        {
            long sample = first + i;
            int window = Order(sample / Count)[(int)(sample % Count)];
            Array.Copy(stream, (long)window * seqLen, ids, (long)i * (seqLen + 1), seqLen + 1);
        }
        return tensor(ids).view(size, seqLen + 1);
    }

    int[] Order(long epoch)
    {
        if (!orders.TryGetValue(epoch, out var order))
        {
            order = Enumerable.Range(0, Count).ToArray();
            // HashCode.Combine is salted per process; this mix is not.
            new Random(unchecked((int)(seed * 1_000_003 + epoch))).Shuffle(order);
            orders[epoch] = order;
        }
        return order;
    }
}
