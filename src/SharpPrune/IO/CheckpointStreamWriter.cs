using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// A model folder's weights written tensor by tensor (<see cref="CheckpointWriter.Begin"/>): one model.safetensors or the
/// shards and their index, byte for byte what <see cref="CheckpointWriter.Write"/> writes for the same tensors.
/// </summary>
public sealed class CheckpointStreamWriter : IDisposable
{
    readonly List<SafetensorsStreamWriter> files;
    readonly Dictionary<string, SafetensorsStreamWriter> fileOf;
    readonly Action? writeIndex;

    internal CheckpointStreamWriter(List<SafetensorsStreamWriter> files, Action? writeIndex)
    {
        this.files = files;
        this.writeIndex = writeIndex;
        fileOf = files.SelectMany(f => f.Names.Select(n => (n, f))).ToDictionary(p => p.n, p => p.f, StringComparer.Ordinal);
    }

    public void Write(string name, torch.Tensor tensor) =>
        (fileOf.TryGetValue(name, out var file) ? file : throw new ArgumentException($"no tensor '{name}' was announced", nameof(name))).Write(name, tensor);

    /// <summary>Checks every announced tensor was written, flushes the files and writes the index of a sharded model.</summary>
    public void Complete()
    {
        files.ForEach(f => f.Complete());
        writeIndex?.Invoke();
    }

    public void Dispose() => files.ForEach(f => f.Dispose());
}
