using SharpPrune.Data;

namespace SharpPrune.Fuzz.Targets;

/// <summary>A JSONL document file for calibration or evaluation, read by its "text" field.</summary>
public sealed class JsonlTarget : IFuzzTarget
{
    public const string FileName = "data.jsonl";

    public string Name => "jsonl";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Single(FileName, input);

    public byte[] Input(FuzzBundle files) => files.Files.Single().Bytes;

    public void Run(string folder) => DocumentSource.ReadDocuments(Path.Combine(folder, FileName), "text");
}
