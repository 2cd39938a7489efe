using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on one version need (e.g. GLIBCXX_3.4.32) of a 64-bit little-endian ELF shared
/// library, unless the system libstdc++ already defines that version. Idempotent: a file already weak is not written.
/// </summary>
public class WeakenElfVersionNeed : Task
{
    [Required] public string LibraryPath { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    const uint ShtGnuVerneed = 0x6ffffffe;

    // The task compiles against .NET Standard, whose File.Move cannot replace a file; rename(2) replaces atomically.
    [DllImport("libc", SetLastError = true)]
    static extern int rename(string oldPath, string newPath);
    const ushort VerFlgWeak = 0x2;

    static readonly string[] LibStdCxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return true;
        if (SystemProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"System libstdc++ provides {VersionName}; {LibraryPath} left as is.");
            return true;
        }
        byte[] elf = File.ReadAllBytes(LibraryPath);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{LibraryPath}: not a 64-bit little-endian ELF file");
            return false;
        }
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 24);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 40);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 44);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 24);
            if (MarkWeak(elf, offset, count, strtab))
            {
                // Another process may be loading this file right now (a second `dotnet run`, or tests): it must see the
                // old file or the new one, never a half-written one. So the bytes go to a temporary file that is renamed
                // over the library (rename(2) is atomic). The copy keeps the original's timestamp (the flag changes no
                // size), so the next build's copy step sees the file as unchanged and leaves it alone instead of
                // rewriting it in place while another process loads it.
                DateTime stamp = File.GetLastWriteTimeUtc(LibraryPath);
                string temp = $"{LibraryPath}.weakening-{Guid.NewGuid():N}";
                File.WriteAllBytes(temp, elf);
                File.SetLastWriteTimeUtc(temp, stamp);
                if (rename(temp, LibraryPath) != 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    File.Delete(temp);
                    Log.LogError($"{LibraryPath}: cannot replace it with the weakened copy (errno {errno})");
                    return false;
                }
                Log.LogMessage(MessageImportance.Normal, $"Marked the {VersionName} need of {LibraryPath} weak.");
            }
            return true;
        }
        Log.LogMessage(MessageImportance.Low, $"{LibraryPath} has no version needs.");
        return true;
    }

    // Returns true when a flag was changed (false when the need is absent or already weak).
    bool MarkWeak(byte[] elf, long verneed, int count, long strtab)
    {
        for (int n = 0; n < count; n++)
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
            long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
            for (int a = 0; a < auxCount; a++)
            {
                int flagsAt = (int)aux + 4;
                string name = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                if (name == VersionName)
                {
                    ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                    if ((flags & VerFlgWeak) != 0) return false;
                    BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsAt);
                    return true;
                }
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            verneed += BitConverter.ToUInt32(elf, (int)verneed + 12);
        }
        return false;
    }

    static string ReadCString(byte[] data, long at)
    {
        int end = (int)at;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)at, end - (int)at);
    }

    static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    static bool SystemProvides(string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string path in LibStdCxxPaths)
        {
            if (!File.Exists(path)) continue;
            return Contains(File.ReadAllBytes(path), needle);
        }
        return false;
    }
}
