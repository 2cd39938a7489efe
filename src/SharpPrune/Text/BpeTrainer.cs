using System.Text;
using System.Text.RegularExpressions;

namespace SharpPrune.Text;

/// <summary>
/// Fits a byte-level BPE vocabulary (GPT-2 style) on a corpus: text is split by GPT-2's pre-tokenizer pattern,
/// each piece starts as its UTF-8 bytes, and the most frequent adjacent pair is merged until the vocabulary is
/// full or no pair occurs twice. Only the fitting is ours; encoding with the result is Microsoft.ML.Tokenizers'.
/// Ties go to the pair of lower token ids, so the same corpus always gives the same merges.
/// </summary>
public static class BpeTrainer
{
    static readonly Regex Split = new(ByteLevelBpeModel.Gpt2Pattern, RegexOptions.Compiled);

    /// <param name="specialTokens">Tokens given the first ids (e.g. "&lt;|endoftext|&gt;"), never produced by merges.</param>
    public static BpeVocabulary Fit(IEnumerable<string> documents, int vocabSize, IReadOnlyList<string> specialTokens, int minFrequency = 2)
    {
        int firstByte = specialTokens.Count;
        if (vocabSize < firstByte + 256)
            throw new SharpPruneException($"--vocab-size {vocabSize} is too small: byte-level BPE needs the 256 bytes and {firstByte} special token(s)");

        var (words, frequencies) = CountWords(documents, firstByte);
        var tokens = specialTokens.Concat(Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharOf[b].ToString())).ToList();
        var merges = new List<(string Left, string Right)>();
        var pairCounts = new Dictionary<long, long>();
        var wordsWith = new Dictionary<long, HashSet<int>>();
        for (int w = 0; w < words.Count; w++) AddPairs(words[w], w, frequencies[w], pairCounts, wordsWith);

        while (tokens.Count < vocabSize && Best(pairCounts) is { } best && pairCounts[best] >= minFrequency)
        {
            int left = (int)(best >> 32), right = (int)(best & 0xFFFFFFFF), merged = tokens.Count;
            tokens.Add(tokens[left] + tokens[right]);
            merges.Add((tokens[left], tokens[right]));
            foreach (int w in wordsWith[best].ToList())
            {
                AddPairs(words[w], w, -frequencies[w], pairCounts, wordsWith);
                words[w] = Merge(words[w], left, right, merged);
                AddPairs(words[w], w, frequencies[w], pairCounts, wordsWith);
            }
            pairCounts.Remove(best);
            wordsWith.Remove(best);
        }
        return new BpeVocabulary(tokens, merges, specialTokens);
    }

    static (List<int[]> Words, List<long> Frequencies) CountWords(IEnumerable<string> documents, int firstByte)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var document in documents)
            foreach (Match match in Split.Matches(document))
                counts[match.Value] = counts.GetValueOrDefault(match.Value) + 1;
        // Sorted so that word order (and with it nothing else) never depends on hashing.
        var ordered = counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        return (ordered.Select(c => Encoding.UTF8.GetBytes(c.Key).Select(b => firstByte + b).ToArray()).ToList(),
                ordered.Select(c => c.Value).ToList());
    }

    static void AddPairs(int[] word, int index, long frequency, Dictionary<long, long> pairCounts, Dictionary<long, HashSet<int>> wordsWith)
    {
        for (int i = 0; i + 1 < word.Length; i++)
        {
            long pair = ((long)word[i] << 32) | (uint)word[i + 1];
            long count = pairCounts.GetValueOrDefault(pair) + frequency;
            if (count == 0) pairCounts.Remove(pair);
            else pairCounts[pair] = count;
            if (frequency > 0)
            {
                if (!wordsWith.TryGetValue(pair, out var set)) wordsWith[pair] = set = [];
                set.Add(index);
            }
        }
    }

    static long? Best(Dictionary<long, long> pairCounts)
    {
        long? best = null;
        long bestCount = 0;
        foreach (var (pair, count) in pairCounts)
            if (count > bestCount || (count == bestCount && pair < best))
                (best, bestCount) = (pair, count);
        return best;
    }

    static int[] Merge(int[] word, int left, int right, int merged)
    {
        var result = new List<int>(word.Length);
        for (int i = 0; i < word.Length; i++)
        {
            if (i + 1 < word.Length && word[i] == left && word[i + 1] == right)
            {
                result.Add(merged);
                i++;
            }
            else result.Add(word[i]);
        }
        return result.ToArray();
    }
}
