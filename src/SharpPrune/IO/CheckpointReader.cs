using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// The weights of a model folder, either one model.safetensors or shards listed by
/// model.safetensors.index.json, behind one name-based API. All files are opened (and their
/// headers validated) up front, so a broken checkpoint fails at Open, not halfway through a job.
/// </summary>
public sealed class CheckpointReader : IDisposable
{
    public const string SingleFileName = "model.safetensors";

    /// <summary>Index files are small (a line per tensor); anything near this is not one.</summary>
    const long MaxIndexLength = 100_000_000;

    readonly string folder;
    readonly Dictionary<string, SafetensorsFile> files;
    readonly Dictionary<string, string> shardOf;

    CheckpointReader(string folder, bool isSharded, List<string> names, Dictionary<string, string> shardOf, Dictionary<string, SafetensorsFile> files)
    {
        this.folder = folder;
        IsSharded = isSharded;
        Names = names;
        this.shardOf = shardOf;
        this.files = files;
    }

    public bool IsSharded { get; }

    /// <summary>Tensor names: file order for a single file, index order for shards.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The safetensors metadata of the single file, or of the first shard by file name.</summary>
    public IReadOnlyDictionary<string, string> Metadata => files[files.Keys.Min(StringComparer.Ordinal)!].Metadata;

    /// <summary>The file name (not path) holding the tensor: "model.safetensors" for a single file.</summary>
    public string ShardOf(string name) => shardOf.TryGetValue(name, out var shard)
        ? shard
        : throw SharpPruneException.InFile(folder, $"no tensor named '{name}' in this checkpoint");

    public SafetensorsTensorInfo Info(string name) => files[ShardOf(name)].Info(name);

    public torch.Tensor Read(string name) => files[ShardOf(name)].Read(name);

    public static CheckpointReader Open(string folder)
    {
        var single = Path.Combine(folder, SingleFileName);
        var index = Path.Combine(folder, CheckpointIndex.FileName);
        var hasSingle = File.Exists(single);
        var hasIndex = File.Exists(index);
        // Both at once usually means a model was saved over another in a different layout; picking
        // either could silently load stale weights.
        if (hasSingle && hasIndex)
        {
            throw SharpPruneException.InFile(folder, $"holds both {SingleFileName} and {CheckpointIndex.FileName}; remove the stale one");
        }
        if (hasSingle)
        {
            var file = SafetensorsFile.Open(single);
            var names = file.Names.ToList();
            return new CheckpointReader(folder, false, names, names.ToDictionary(n => n, _ => SingleFileName, StringComparer.Ordinal),
                new Dictionary<string, SafetensorsFile> { [SingleFileName] = file });
        }
        if (hasIndex)
        {
            return OpenSharded(folder, index);
        }
        throw SharpPruneException.InFile(folder, $"no {SingleFileName} or {CheckpointIndex.FileName}");
    }

    static CheckpointReader OpenSharded(string folder, string indexPath)
    {
        var index = CheckpointIndex.Parse(indexPath, ReadIndex(indexPath));
        if (index.Names.Count == 0)
        {
            throw SharpPruneException.InFile(indexPath, "weight_map lists no tensors");
        }
        var files = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var shard in index.ShardOf.Values.Distinct().Order(StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw SharpPruneException.InFile(indexPath, $"shard '{shard}' does not exist in the model folder");
                }
                files.Add(shard, SafetensorsFile.Open(shardPath));
            }
            // Tensors a shard holds beyond the index are tolerated but not exposed: the index is
            // what defines the model.
            foreach (var name in index.Names)
            {
                var file = files[index.ShardOf[name]];
                if (!file.Contains(name))
                {
                    throw SharpPruneException.InFile(file.Path, $"tensor '{name}' listed in {CheckpointIndex.FileName} is missing from this shard");
                }
            }
            return new CheckpointReader(folder, true, index.Names.ToList(), new Dictionary<string, string>(index.ShardOf, StringComparer.Ordinal), files);
        }
        catch
        {
            foreach (var file in files.Values)
            {
                file.Dispose();
            }
            throw;
        }
    }

    static byte[] ReadIndex(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxIndexLength)
            {
                throw SharpPruneException.InFile(path, $"larger than {MaxIndexLength} bytes; not a safetensors index");
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot read: {e.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var file in files.Values)
        {
            file.Dispose();
        }
    }
}
