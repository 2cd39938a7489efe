using System.Text;

namespace SharpPrune.Export.Tests;

/// <summary>
/// The build's weakened copy of TorchSharp's native bridge (build/WeakenGlibcxxNeed.targets) must not be rewritten by
/// the next build while another process loads it: it keeps the NuGet original's size and timestamp, so the copy step
/// of a rebuild (a second `dotnet run`, a test run beside a running command) skips it.
/// </summary>
public sealed class NativeBridgeTests
{
    const string Bridge = "runtimes/linux-x64/native/libLibTorchSharp.so";

    [Fact]
    public void WeakenedCopyKeepsTheOriginalsSizeAndTimestamp()
    {
        string copy = Path.Combine(AppContext.BaseDirectory, Bridge);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string original = Path.Combine(packages, "torchsharp", "0.107.0", Bridge);
        Assert.True(File.Exists(original), $"{original} not found");
        Assert.Equal(new FileInfo(original).Length, new FileInfo(copy).Length);
        Assert.Equal(File.GetLastWriteTimeUtc(original), File.GetLastWriteTimeUtc(copy));
        // Where the system's libstdc++ lacks GLIBCXX_3.4.32 (Debian 12), the copy differs from the original in
        // exactly the one flags field that marks that need weak.
        if (!SystemLibStdCxxProvides("GLIBCXX_3.4.32"))
        {
            byte[] a = File.ReadAllBytes(original), b = File.ReadAllBytes(copy);
            var differing = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
            Assert.Single(differing);
            Assert.Equal(a[differing[0]] | 2, b[differing[0]]);
        }
    }

    static bool SystemLibStdCxxProvides(string version)
    {
        string path = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return !File.Exists(path) || Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(version + "\0");
    }
}
