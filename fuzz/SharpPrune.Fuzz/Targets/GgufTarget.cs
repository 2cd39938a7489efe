using SharpPrune.Export;

namespace SharpPrune.Fuzz.Targets;

/// <summary>A single .gguf file: read its header, metadata and tensor infos, then every tensor's bytes (sizes and offsets really in bounds).</summary>
public sealed class GgufTarget : IFuzzTarget
{
    public const string FileName = "model.gguf";

    public string Name => "gguf";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Single(FileName, input);

    public byte[] Input(FuzzBundle files) => files.Files.Single().Bytes;

    public void Run(string folder)
    {
        var file = GgufFile.Read(Path.Combine(folder, FileName));
        foreach (var tensor in file.Tensors)
        {
            file.ReadData(tensor);
        }
    }
}
