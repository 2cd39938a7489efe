using SharpPrune.IO;

namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// A sharded checkpoint folder (model.safetensors.index.json and its shards) given as a
/// <see cref="FuzzBundle"/>: the index alone through <see cref="CheckpointIndex.Parse"/>, then the
/// whole folder through <see cref="CheckpointReader.Open"/> with one tensor read per shard.
/// </summary>
public sealed class IndexTarget : IFuzzTarget
{
    public string Name => "index";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Decode(input);

    public byte[] Input(FuzzBundle files) => files.Encode();

    public void Run(string folder)
    {
        var indexPath = Path.Combine(folder, CheckpointIndex.FileName);
        if (File.Exists(indexPath))
        {
            CheckpointIndex.Parse(indexPath, File.ReadAllBytes(indexPath));
        }
        using var reader = CheckpointReader.Open(folder);
        foreach (var name in reader.Names.DistinctBy(reader.ShardOf))
        {
            using var tensor = reader.Read(name);
        }
    }
}
