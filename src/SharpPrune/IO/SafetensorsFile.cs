using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// An open safetensors file. Only the header is read into managed memory; tensor data stays in a
/// read-only memory map and is copied from there straight into each tensor's native storage, so
/// reading a model costs one copy of each tensor read and nothing for those left alone.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly SafetensorsHeader header;
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    readonly long dataStart;
    byte* mapped;

    SafetensorsFile(SafetensorsHeader header, MemoryMappedFile map, MemoryMappedViewAccessor view, long dataStart)
    {
        this.header = header;
        this.map = map;
        this.view = view;
        this.dataStart = dataStart;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref mapped);
        mapped += view.PointerOffset;
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
            try
            {
                return new SafetensorsFile(header, map, map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), dataStart);
            }
            catch
            {
                map.Dispose();
                throw;
            }
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
        ObjectDisposedException.ThrowIf(mapped == null, this);
        var info = header.Info(name);
        var tensor = torch.empty(info.Shape, info.DType.ScalarType);
        if (info.ByteLength > 0)
        {
            Buffer.MemoryCopy(mapped + dataStart + info.Begin, TensorMemory.Pointer(tensor), info.ByteLength, info.ByteLength);
        }
        return tensor;
    }

    public void Dispose()
    {
        if (mapped == null)
        {
            return;
        }
        mapped = null;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }
}
