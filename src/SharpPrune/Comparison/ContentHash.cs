using System.Security.Cryptography;
using System.Text;
using SharpPrune.Data;

namespace SharpPrune.Comparison;

/// <summary>
/// SHA-256 over a sequence of texts and files. Each text is length-prefixed, so two different sequences never hash
/// alike by concatenating the same way ("ab","c" vs "a","bc").
/// </summary>
internal sealed class ContentHash : IDisposable
{
    readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public ContentHash Add(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
        hash.AppendData(bytes);
        return this;
    }

    public ContentHash AddFile(string path)
    {
        Add(FileHash.Sha256(path));
        return this;
    }

    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public void Dispose() => hash.Dispose();
}
