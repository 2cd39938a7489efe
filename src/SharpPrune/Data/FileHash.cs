using System.Security.Cryptography;

namespace SharpPrune.Data;

/// <summary>The SHA-256 of a file's bytes, lowercase hex: how every recipe, manifest and cache key names an input file.</summary>
public static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
