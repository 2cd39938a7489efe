using System.Buffers;
using System.Text.Unicode;

namespace SharpPrune.Data;

/// <summary>
/// Reads every text input (corpora, task data, training data, specs and suites): UTF-8 only, refused at the first
/// invalid byte with the file and the byte's offset. .NET's own readers replace invalid bytes with U+FFFD without a
/// word, so a Latin-1 file would be tokenized as replacement characters and prune or score a model silently wrong.
/// </summary>
public static class TextFile
{
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The whole file as text (a UTF-8 byte-order mark is dropped).</summary>
    public static string ReadAllText(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw SharpPruneException.InFile(path, e.Message);
        }
        return Decode(path, bytes);
    }

    /// <summary>The file's lines without their line ends (\n or \r\n), numbered from 1.</summary>
    public static IEnumerable<(int Number, string Text)> ReadLines(string path) =>
        ReadAllText(path).Split('\n').Select((line, i) => (i + 1, line.TrimEnd('\r')));

    /// <summary><paramref name="bytes"/> as text; <paramref name="path"/> names them in the error.</summary>
    public static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        int skipped = bytes.StartsWith(Bom) ? Bom.Length : 0;
        var body = bytes[skipped..];
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, body.Length));
        try
        {
            var status = Utf8.ToUtf16(body, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
                throw SharpPruneException.InFile(path, $"not valid UTF-8 at byte {skipped + read} (0x{body[read]:X2}); convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
