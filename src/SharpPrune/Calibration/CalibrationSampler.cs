using System.Security.Cryptography;
using SharpPrune.Data;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Calibration;

/// <summary>
/// Seeded random windows, as the reference implementations sample C4: pick a random document long
/// enough to hold a window, then a random window inside it. When no document is long enough, the
/// documents are joined with EOS (in file order) and windows are cut from that stream instead of
/// dropping the corpus.
/// </summary>
public static class CalibrationSampler
{
    public static CalibrationSet Sample(CalibrationSpec spec, TextTokenizer tokenizer)
    {
        spec.Validate();
        var docs = DocumentSource.ReadDocuments(spec.Path, spec.Field, filter: spec.Filter);
        var encoded = docs.Select(d => tokenizer.Encode(d.Text)).ToList();
        var random = new Random(unchecked((int)spec.Seed ^ (int)(spec.Seed >> 32)));
        var longEnough = Enumerable.Range(0, docs.Count).Where(i => encoded[i].Count > spec.SeqLen).ToList();
        var ids = new long[spec.Samples * spec.SeqLen];
        var windows = new List<CalibrationWindow>();
        if (longEnough.Count > 0)
        {
            for (int s = 0; s < spec.Samples; s++)
            {
                int doc = longEnough[random.Next(longEnough.Count)];
                int start = random.Next(encoded[doc].Count - spec.SeqLen);
                Copy(encoded[doc], start, ids, s * spec.SeqLen, spec.SeqLen);
                windows.Add(new CalibrationWindow([docs[doc].Id], start));
            }
        }
        else
        {
            var (stream, owners) = Concatenate(encoded, tokenizer.EosId
                ?? throw SharpPruneException.InFile(spec.Path, "no document is longer than --seq-len and the tokenizer has no EOS to join them"));
            if (stream.Count <= spec.SeqLen)
                throw SharpPruneException.InFile(spec.Path, $"calibration data too short: {stream.Count} tokens in all, windows need {spec.SeqLen + 1}");
            for (int s = 0; s < spec.Samples; s++)
            {
                int start = random.Next(stream.Count - spec.SeqLen);
                Copy(stream, start, ids, s * spec.SeqLen, spec.SeqLen);
                var covered = owners.Skip(start).Take(spec.SeqLen).Distinct().Select(i => docs[i].Id).ToList();
                windows.Add(new CalibrationWindow(covered, start));
            }
        }
        return new CalibrationSet(tensor(ids).view(spec.Samples, spec.SeqLen), windows, FileHash.Sha256(spec.Path), longEnough.Count == 0);
    }

    static (List<int> Stream, List<int> Owners) Concatenate(IReadOnlyList<IReadOnlyList<int>> encoded, int eos)
    {
        var stream = new List<int>();
        var owners = new List<int>();
        for (int d = 0; d < encoded.Count; d++)
        {
            stream.AddRange(encoded[d]);
            stream.Add(eos);
            owners.AddRange(Enumerable.Repeat(d, encoded[d].Count + 1));
        }
        return (stream, owners);
    }

    static void Copy(IReadOnlyList<int> source, int start, long[] target, int offset, int count)
    {
        for (int i = 0; i < count; i++) target[offset + i] = source[start + i];
    }
}
