using SharpPrune.Text;
using SharpPrune.Training;

namespace SharpPrune.Tests.Training;

/// <summary>
/// --whole-documents: a document that fits in one window is never split across two (the stream is padded with untrained
/// EOS to the next window's start instead), a longer one is split as before, and the trained positions are unchanged.
/// </summary>
public sealed class WholeDocumentPackingTests
{
    const int SeqLen = 8;

    static TrainingDocument Document(int first, int length) =>
        new([.. Enumerable.Range(first, length)], LossFrom: length - 1, LossOnEos: false);

    static readonly TrainingDocument[] Documents =
        [Document(100, 5), Document(200, 6), Document(300, 3), Document(400, 9), Document(500, 12)];

    static TextTokenizer Tokenizer => TextTokenizer.Load(Path.Combine(RepoPaths.Root, "models", "testbed"));

    static List<long[]> Rows(TokenWindows windows)
    {
        var (ids, _) = windows.Batch(0, windows.Count);
        var values = ids.data<long>().ToArray();
        return [.. Enumerable.Range(0, windows.Count).Select(r => values.Skip(r * (SeqLen + 1)).Take(SeqLen + 1).ToArray())];
    }

    [Fact]
    public void Documents_that_fit_a_window_start_at_its_start_when_they_would_straddle_and_the_padding_is_untrained()
    {
        var tokenizer = Tokenizer;
        long eos = tokenizer.EosId!.Value;
        var windows = new TokenWindows(Documents, tokenizer, SeqLen, seed: 2, wholeDocuments: true);

        // By hand, windows of 8 + 1 from 0, 8, 16, 24, 32: A (5) + EOS fill 0–5, two pads; B (6) + EOS 8–14, one pad;
        // C (3) + EOS 16–19, four pads; D (9, exactly a window) 24–32, EOS; E (12) is longer than a window and runs on.
        long[] A = [100, 101, 102, 103, 104], B = [200, 201, 202, 203, 204, 205], C = [300, 301, 302];
        long[] D = [.. Enumerable.Range(400, 9).Select(i => (long)i)], E = [.. Enumerable.Range(500, 12).Select(i => (long)i)];
        long[] stream = [.. A, eos, eos, eos, .. B, eos, eos, .. C, eos, eos, eos, eos, eos, .. D, eos, .. E, eos];
        var expected = Enumerable.Range(0, 5).Select(w => stream.Skip(w * SeqLen).Take(SeqLen + 1).ToArray()).ToList();

        Assert.Equal(7, windows.PaddedTokens);
        Assert.Equal(5, windows.Count);
        var rows = Rows(windows);
        Assert.Equal(expected.Select(r => string.Join(",", r)).Order(), rows.Select(r => string.Join(",", r)).Order());

        // Trained targets: each document's last token, once; no padding position is trained.
        var (ids, mask) = windows.Batch(0, windows.Count);
        var targets = ids.narrow(1, 1, SeqLen).masked_select(mask).data<long>().ToArray();
        Assert.Equal([104L, 205, 302, 408], targets.Order());
        Assert.Equal(5, windows.LossTokens);
    }

    [Fact]
    public void Without_the_option_the_stream_is_unpadded_and_a_document_straddles_two_windows()
    {
        var windows = new TokenWindows(Documents, Tokenizer, SeqLen, seed: 2);

        Assert.Equal(0, windows.PaddedTokens);
        // B (200–205) starts at stream position 6: its first two tokens end window 0, the rest begin window 1.
        var rows = Rows(windows);
        Assert.Contains(rows, r => r[6] == 200 && r[7] == 201 && r[8] == 202);
        Assert.Contains(rows, r => r[0] == 202 && r[3] == 205);
    }
}
