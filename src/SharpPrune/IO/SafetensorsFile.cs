using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// An open safetensors file. Only the header is read into managed memory; tensor data stays in a
/// read-only memory map and is copied from there straight into each tensor's native storage, so
/// reading a model costs one copy of each tensor read and nothing for those left alone. Each read maps
/// only that tensor's bytes and unmaps them after the copy: a file's pages stay in a process's resident
/// set for as long as they are mapped, so one view of the whole file would make a layer-by-layer pass over
/// a 13.5 GB checkpoint look (and be measured) like a 13.5 GB process, though the kernel may drop those pages.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly SafetensorsHeader header;
    readonly MemoryMappedFile map;
    readonly long dataStart;
    bool disposed;

    SafetensorsFile(SafetensorsHeader header, MemoryMappedFile map, long dataStart)
    {
        this.header = header;
        this.map = map;
        this.dataStart = dataStart;
    }

    public string Path => header.Path;

    /// <summary>Tensor names in header order.</summary>
    public IReadOnlyList<string> Names => header.Names;

    public IReadOnlyDictionary<string, string> Metadata => header.Metadata;

    public bool Contains(string name) => header.Contains(name);

    public SafetensorsTensorInfo Info(string name) => header.Info(name);

    public static SafetensorsFile Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot open: {e.Message}");
        }
        try
        {
            var fileLength = stream.Length;
            Span<byte> prefix = stackalloc byte[SafetensorsHeader.PrefixSize];
            var headerLength = SafetensorsHeader.ParseLength(path, prefix[..stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false)], fileLength);
            var json = new byte[headerLength];
            stream.ReadExactly(json);
            var dataStart = SafetensorsHeader.PrefixSize + (long)headerLength;
            var header = SafetensorsHeader.Parse(path, json, fileLength - dataStart);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new SafetensorsFile(header, map, dataStart);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>A new CPU tensor of the stored dtype and shape holding a copy of the stored bytes.</summary>
    public torch.Tensor Read(string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var info = header.Info(name);
        var tensor = torch.empty(info.Shape, info.DType.ScalarType, torch.CPU);
        if (info.ByteLength > 0)
        {
            using var view = map.CreateViewAccessor(dataStart + info.Begin, info.ByteLength, MemoryMappedFileAccess.Read);
            byte* mapped = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref mapped);
            try
            {
                Buffer.MemoryCopy(mapped + view.PointerOffset, TensorMemory.Pointer(tensor), info.ByteLength, info.ByteLength);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        return tensor;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        map.Dispose();
    }
}
