using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Text;

namespace SharpPrune.Tests.Calibration;

public sealed class CalibrationSamplerTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-calib-").FullName;
    readonly TextTokenizer tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void WindowsAreCutFromTheRecordedDocumentsAndTheSameSeedGivesTheSameWindows()
    {
        var spec = new CalibrationSpec(TinyModels.Brown, Samples: 6, SeqLen: 64, Seed: 3, Filter: DocumentFilter.Parse("0:0.8"));
        using var a = CalibrationSampler.Sample(spec, tokenizer);
        using var b = CalibrationSampler.Sample(spec, tokenizer);
        Assert.Equal(new long[] { 6, 64 }, a.Ids.shape);
        Assert.Equal(a.Ids.data<long>().ToArray(), b.Ids.data<long>().ToArray());
        Assert.False(a.Concatenated);

        var docs = DocumentSource.ReadDocuments(TinyModels.Brown).ToDictionary(d => d.Id);
        var calibrationIds = DocumentFilter.Parse("0:0.8").Of(docs.Values.ToList()).Select(d => d.Id).ToHashSet();
        for (int s = 0; s < 6; s++)
        {
            var w = a.Windows[s];
            Assert.Contains(Assert.Single(w.DocumentIds), calibrationIds);
            var expected = tokenizer.Encode(docs[w.DocumentIds[0]].Text).Skip(w.Start).Take(64).Select(i => (long)i);
            Assert.Equal(expected, a.Ids[s].data<long>().ToArray());
        }
        using var other = CalibrationSampler.Sample(spec with { Seed = 4 }, tokenizer);
        Assert.NotEqual(a.Ids.data<long>().ToArray(), other.Ids.data<long>().ToArray());
    }

    [Fact]
    public void ShortDocumentsAreJoinedWithEosInsteadOfDropped()
    {
        string path = Path.Combine(temp, "short.jsonl");
        File.WriteAllLines(path, ["{\"id\":\"a\",\"text\":\"One day a cat sat.\"}", "{\"id\":\"b\",\"text\":\"The dog ran to the park.\"}"]);
        using var set = CalibrationSampler.Sample(new CalibrationSpec(path, Samples: 3, SeqLen: 12), tokenizer);
        Assert.True(set.Concatenated);
        var stream = tokenizer.Encode("One day a cat sat.").Append(tokenizer.EosId!.Value)
            .Concat(tokenizer.Encode("The dog ran to the park.")).Append(tokenizer.EosId!.Value).Select(i => (long)i).ToList();
        for (int s = 0; s < 3; s++)
            Assert.Equal(stream.Skip(set.Windows[s].Start).Take(12), set.Ids[s].data<long>().ToArray());
    }

    [Fact]
    public void TooLittleTextIsAClearError()
    {
        string path = Path.Combine(temp, "tiny.txt");
        File.WriteAllText(path, "Hi.");
        var error = Assert.Throws<SharpPruneException>(() => CalibrationSampler.Sample(new CalibrationSpec(path, SeqLen: 64), tokenizer));
        int tokens = tokenizer.Encode("Hi.").Count + 1; // the document and its EOS
        Assert.Equal($"{path}: calibration data too short: {tokens} tokens in all, windows need 65", error.Message);
    }
}
