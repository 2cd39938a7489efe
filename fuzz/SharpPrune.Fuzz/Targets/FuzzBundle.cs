using System.Text;

namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// Several named files in one byte string, for parsers that read a folder (a tokenizer, a sharded
/// checkpoint). Each file is a line "#file NAME LENGTH" followed by LENGTH raw bytes and a newline:
/// length-prefixed so file contents may hold anything, and still readable enough to write by hand.
/// </summary>
public sealed class FuzzBundle(IReadOnlyList<(string Name, byte[] Bytes)> files)
{
    const string Marker = "#file ";

    public IReadOnlyList<(string Name, byte[] Bytes)> Files { get; } = files;

    public static FuzzBundle Single(string name, byte[] bytes) => new([(name, bytes)]);

    public long TotalBytes => Files.Sum(f => (long)f.Bytes.Length);

    public byte[] Encode()
    {
        var output = new MemoryStream();
        foreach (var (name, bytes) in Files)
        {
            output.Write(Encoding.UTF8.GetBytes($"{Marker}{name} {bytes.Length}\n"));
            output.Write(bytes);
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    /// <summary>The reverse of <see cref="Encode"/>; a malformed bundle is a harness bug, so it throws FormatException.</summary>
    public static FuzzBundle Decode(byte[] encoded)
    {
        var files = new List<(string, byte[])>();
        var position = 0;
        while (position < encoded.Length)
        {
            var lineEnd = Array.IndexOf(encoded, (byte)'\n', position);
            if (lineEnd < 0)
            {
                throw new FormatException($"bundle: no newline after byte {position}");
            }
            var header = Encoding.UTF8.GetString(encoded, position, lineEnd - position).Split(' ');
            if (header is not ["#file", var name, var lengthText] || !int.TryParse(lengthText, out var length)
                || length < 0 || lineEnd + 1 + length > encoded.Length || Path.GetFileName(name) != name)
            {
                throw new FormatException($"bundle: bad file header at byte {position}");
            }
            files.Add((name, encoded.AsSpan(lineEnd + 1, length).ToArray()));
            // The newline after the contents is optional, so a hand-edited bundle can end without one.
            position = Math.Min(encoded.Length, lineEnd + 1 + length + 1);
        }
        return new FuzzBundle(files);
    }

    public void WriteTo(string folder)
    {
        foreach (var (name, bytes) in Files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }
}
