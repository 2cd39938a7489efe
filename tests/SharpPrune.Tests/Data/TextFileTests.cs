using System.Text;
using SharpPrune.Calibration;
using SharpPrune.Comparison;
using SharpPrune.Data;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Tasks;
using SharpPrune.Text;
using SharpPrune.Training;

namespace SharpPrune.Tests.Data;

/// <summary>
/// Every text input is UTF-8 or refused at its first invalid byte, with the file and the byte's offset: a Latin-1 file
/// read leniently would become U+FFFD characters and prune or score a model silently wrong.
/// </summary>
public sealed class TextFileTests : IDisposable
{
    static readonly Encoding Latin1 = Encoding.Latin1;

    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-textfile-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(temp, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The file written in Latin-1, and the message expected for it: the offset of its 'é' (0xE9), counted here.</summary>
    (string Path, string Expected) Latin1File(string name, string text)
    {
        var bytes = Latin1.GetBytes(text);
        string path = Write(name, bytes);
        return (path, $"{path}: not valid UTF-8 at byte {Array.IndexOf(bytes, (byte)0xE9)} (0xE9)");
    }

    [Fact]
    public void OffsetCountsBytesNotCharacters()
    {
        // "hé" is 3 bytes in UTF-8 (68 C3 A9); the lone E9 after it is byte 3, though it is the third character.
        var e = Assert.Throws<SharpPruneException>(() => TextFile.Decode("f.txt", [0x68, 0xC3, 0xA9, 0xE9, 0x6C]));
        Assert.StartsWith("f.txt: not valid UTF-8 at byte 3 (0xE9)", e.Message);
    }

    [Fact]
    public void ByteOrderMarkIsDroppedButCounted()
    {
        Assert.Equal("hé", TextFile.Decode("f.txt", [0xEF, 0xBB, 0xBF, 0x68, 0xC3, 0xA9]));
        Assert.StartsWith("f.txt: not valid UTF-8 at byte 4 (0xC3)", Assert.Throws<SharpPruneException>(() => TextFile.Decode("f.txt", [0xEF, 0xBB, 0xBF, 0x68, 0xC3])).Message);
    }

    [Fact]
    public void LinesAreNumberedFromOneWithoutTheirEnds() =>
        Assert.Equal([(1, "a"), (2, "b"), (3, "")], TextFile.ReadLines(Write("l.txt", "a\r\nb\n"u8.ToArray())).ToList());

    public static TheoryData<string> Inputs => ["plain text", "jsonl", "jsonl as .txt", "keyed json", "id list", "task spec", "task data", "pubmedqa data",
        "suite", "training data", "domain task data", "domain text"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void EveryTextInputRefusesLatin1WithTheFileAndByteOffset(string input)
    {
        string good = Write("good.jsonl", "{\"id\": \"a\", \"text\": \"fine\", \"q\": \"x\", \"label\": 0}\n"u8.ToArray());
        var (path, expected) = input switch
        {
            "plain text" => Latin1File("story.txt", "Once upon a time, a café."),
            "jsonl" or "task data" or "domain task data" or "domain text" or "training data" => Latin1File("rows.jsonl", "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\", \"text\": \"café\", \"q\": \"x\", \"label\": 0}\n"),
            "jsonl as .txt" => Latin1File("rows.txt", "{\"text\": \"café\"}\n"),
            "keyed json" or "pubmedqa data" => Latin1File("records.json", "{\"1\": {\"text\": \"café\"}}"),
            "id list" => Latin1File("ids.txt", "a\ncafé\n"),
            "task spec" => Latin1File("spec.json", "{\"question\": \"café {q}\", \"candidates\": [\" a\", \" b\"]}"),
            "suite" => Latin1File("suite.json", "{\"perplexity\": [{\"name\": \"café\", \"data\": \"good.jsonl\"}]}"),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        string spec = Write("good-spec.json", "{\"question\": \"{q}\", \"candidates\": [\" a\", \" b\"], \"label\": \"label\"}"u8.ToArray());
        Action read = input switch
        {
            "plain text" or "jsonl" or "jsonl as .txt" or "keyed json" => () => DocumentSource.ReadDocuments(path),
            "id list" => () => DocumentFilter.Parse($"ids:{path}").Of([new Document("a", "x")]),
            "task spec" => () => TaskCatalog.LoadChoice(path, TaskSplit.Test, good),
            "task data" => () => TaskCatalog.LoadChoice(spec, TaskSplit.Test, path),
            "pubmedqa data" => () =>
            {
                Write("pubmedqa_test_ground_truth.json", "{}"u8.ToArray());   // read first, beside the data
                TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test, path);
            },
            "suite" => () => ComparisonSuite.Read(path),
            "training data" => () => new TrainingSource(path).ReadDocuments(),
            "domain task data" => () => new DomainData(new CalibrationSpec(path, "q", Samples: 1, SeqLen: 16), "q", "text").Load(TextTokenizer.Load(TinyModels.StoriesDir)),
            "domain text" => () => new DomainData(new CalibrationSpec(path, Samples: 1, SeqLen: 16)).Load(TextTokenizer.Load(TinyModels.StoriesDir)),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        var e = Assert.Throws<SharpPruneException>(read);
        Assert.StartsWith(expected, e.Message);
    }
}
