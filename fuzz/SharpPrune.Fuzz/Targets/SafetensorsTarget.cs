using SharpPrune.IO;

namespace SharpPrune.Fuzz.Targets;

/// <summary>A single .safetensors file: open it (header checks) and read every tensor (offsets really in bounds).</summary>
public sealed class SafetensorsTarget : IFuzzTarget
{
    public const string FileName = "model.safetensors";

    public string Name => "safetensors";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Single(FileName, input);

    public byte[] Input(FuzzBundle files) => files.Files.Single().Bytes;

    public void Run(string folder)
    {
        using var file = SafetensorsFile.Open(Path.Combine(folder, FileName));
        foreach (var name in file.Names)
        {
            using var tensor = file.Read(name);
        }
    }
}
