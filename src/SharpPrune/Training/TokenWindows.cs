using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// Training documents as one token stream (each followed by EOS) cut into non-overlapping windows of seqLen + 1 tokens,
/// with a flag per token saying whether predicting it is trained (see <see cref="TrainingDocument"/>). Sample k
/// of the run is window order(k / count)[k % count], where order(e) is a permutation seeded by (seed, e): any
/// step's batch is known without replaying the steps before it, which is what makes resuming exact. With
/// <c>wholeDocuments</c>, a document that fits in one window never straddles two: where it would, the stream is padded
/// to the next window's start with untrained EOS tokens. A task example split across windows is trained on its answer
/// with the start of its prompt cut off (a paraphrase pair without its first sentence), which a long example —
/// mrpc's and rte's are about 100 tokens — suffers in most windows of 128.
/// </summary>
public sealed class TokenWindows
{
    readonly long[] stream;
    readonly bool[] trained;
    readonly int seqLen;
    readonly long seed;
    readonly Dictionary<long, int[]> orders = [];

    public TokenWindows(IEnumerable<TrainingDocument> documents, TextTokenizer tokenizer, int seqLen, long seed, bool wholeDocuments = false)
    {
        if (tokenizer.EosId is not { } eos)
            throw new SharpPruneException("the tokenizer has no EOS token to separate training documents");
        var tokens = new List<long>();
        var flags = new List<bool>();
        foreach (var document in documents)
        {
            // Window w reads stream positions [w·seqLen, w·seqLen + seqLen]; a document of n tokens from p fits in p's
            // window when p % seqLen + n − 1 ≤ seqLen.
            int offset = tokens.Count % seqLen;
            if (wholeDocuments && offset > 0 && document.Tokens.Count <= seqLen + 1 && offset + document.Tokens.Count - 1 > seqLen)
            {
                PaddedTokens += seqLen - offset;
                for (; offset < seqLen; offset++)
                {
                    tokens.Add(eos);
                    flags.Add(false);
                }
            }
            tokens.AddRange(document.Tokens.Select(t => (long)t));
            flags.AddRange(Enumerable.Range(0, document.Tokens.Count).Select(i => i >= document.LossFrom));
            tokens.Add(eos);
            flags.Add(document.LossOnEos);
        }
        stream = tokens.ToArray();
        trained = flags.ToArray();
        LossTokens = trained.Skip(1).LongCount(t => t);
        (this.seqLen, this.seed) = (seqLen, seed);
        Count = (int)((stream.LongLength - 1) / seqLen);
        if (Count == 0)
            throw new SharpPruneException($"the training data has {stream.LongLength} tokens, fewer than one window of --seq-len {seqLen} + 1");
    }

    /// <summary>Windows in one pass over the data.</summary>
    public int Count { get; }

    public long TotalTokens => stream.LongLength;

    /// <summary>EOS tokens added (untrained) so that no document straddles two windows.</summary>
    public long PaddedTokens { get; }

    /// <summary>Tokens of the stream whose prediction is trained.</summary>
    public long LossTokens { get; }

    /// <summary>
    /// Samples [first, first + size) of the run: the tokens as a [size, seqLen + 1] tensor, and a [size, seqLen] boolean
    /// tensor that is true where predicting token t + 1 from tokens ≤ t is trained.
    /// </summary>
    public (Tensor Ids, Tensor LossMask) Batch(long first, int size)
    {
        var ids = new long[size * (seqLen + 1)];
        var mask = new bool[size * seqLen];
        for (int i = 0; i < size; i++)
        {
            long sample = first + i;
            long start = (long)Order(sample / Count)[(int)(sample % Count)] * seqLen;
            Array.Copy(stream, start, ids, (long)i * (seqLen + 1), seqLen + 1);
            Array.Copy(trained, start + 1, mask, (long)i * seqLen, seqLen);
        }
        return (tensor(ids).view(size, seqLen + 1), tensor(mask).view(size, seqLen));
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
