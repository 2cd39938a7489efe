using System.Text;
using System.Text.RegularExpressions;
using SharpPrune.Data;
using SharpPrune.Text;
using Xunit;

namespace SharpPrune.Tests.Text;

public class BpeTrainerTests
{
    const string Eot = "<|endoftext|>";

    [Fact]
    public void MergesFollowPairCountsByHand()
    {
        // One word "aaabdaaabac": aa occurs 4 times → (a,a); then (aa,a) and (a,b) both occur twice and the tie goes
        // to the lower ids, (a,b); then (aa,ab) occurs twice.
        var vocabulary = BpeTrainer.Fit(["aaabdaaabac"], vocabSize: 1 + 256 + 3, [Eot]);

        Assert.Equal([("a", "a"), ("a", "b"), ("aa", "ab")], vocabulary.Merges);
        Assert.Equal(["aa", "ab", "aaab"], vocabulary.Tokens.Skip(257));
        Assert.Equal(Eot, vocabulary.Tokens[0]);
    }

    [Fact]
    public void StopsWhenNoPairOccursTwice()
    {
        var vocabulary = BpeTrainer.Fit(["abc"], vocabSize: 1000, [Eot]);

        Assert.Empty(vocabulary.Merges);
        Assert.Equal(257, vocabulary.Tokens.Count);
    }

    [Fact]
    public void SavedTokenizerEncodesLikeAReferenceMergeLoopAndRoundTrips()
    {
        var documents = DocumentSource.Read(TinyModels.Brown, maxDocs: 30);
        var vocabulary = BpeTrainer.Fit(documents.Take(25), vocabSize: 800, [Eot]);
        using var folder = new TempFolder();
        string dir = Path.Combine(folder.Path, "tok");
        vocabulary.Save(dir, overwrite: false, maxLength: 512);
        var tokenizer = TextTokenizer.Load(dir);

        Assert.Equal(800, tokenizer.VocabSize);
        Assert.Equal(0, tokenizer.EosId);
        Assert.False(tokenizer.AddsBos);
        foreach (var text in documents.Skip(25).Append("Ünïcode — “quotes” and 3.14 ×2\n\n  spaces"))
        {
            var ids = tokenizer.Encode(text);
            Assert.Equal(ReferenceEncode(vocabulary, text), ids);
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void SameCorpusGivesTheSameFiles()
    {
        var documents = DocumentSource.Read(TinyModels.Brown, maxDocs: 5);
        using var folder = new TempFolder();
        BpeTrainer.Fit(documents, 600, [Eot]).Save(Path.Combine(folder.Path, "a"), false, 512);
        BpeTrainer.Fit(documents, 600, [Eot]).Save(Path.Combine(folder.Path, "b"), false, 512);

        Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, "a", "tokenizer.json")), File.ReadAllBytes(Path.Combine(folder.Path, "b", "tokenizer.json")));
    }

    [Fact]
    public void TooSmallAVocabularyIsRefused()
    {
        var e = Assert.Throws<SharpPruneException>(() => BpeTrainer.Fit(["text"], 200, [Eot]));
        Assert.Contains("--vocab-size 200", e.Message);
    }

    /// <summary>BPE as GPT-2's encoder.py does it, written independently: split, bytes → characters, lowest-rank pair first.</summary>
    static List<int> ReferenceEncode(BpeVocabulary vocabulary, string text)
    {
        var ranks = vocabulary.Merges.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
        var ids = vocabulary.Tokens.Select((t, i) => (t, i)).Skip(vocabulary.SpecialTokens.Count).ToDictionary(x => x.t, x => x.i);
        var byteChars = new Dictionary<int, char>();
        int next = 256;
        for (int b = 0; b < 256; b++)
            byteChars[b] = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255) ? (char)b : (char)next++;
        var result = new List<int>();
        foreach (Match piece in Regex.Matches(text, @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"))
        {
            var symbols = Encoding.UTF8.GetBytes(piece.Value).Select(b => byteChars[b].ToString()).ToList();
            while (true)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < symbols.Count; i++)
                    if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank) (best, bestRank) = (i, rank);
                if (best < 0) break;
                symbols[best] += symbols[best + 1];
                symbols.RemoveAt(best + 1);
            }
            result.AddRange(symbols.Select(s => ids[s]));
        }
        return result;
    }
}
