using SharpPrune.Models;

namespace SharpPrune.Fuzz.Targets;

/// <summary>A model's config.json.</summary>
public sealed class ConfigTarget : IFuzzTarget
{
    public const string FileName = "config.json";

    public string Name => "config";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Single(FileName, input);

    public byte[] Input(FuzzBundle files) => files.Files.Single().Bytes;

    public void Run(string folder) => ModelConfigReader.Read(Path.Combine(folder, FileName));
}
