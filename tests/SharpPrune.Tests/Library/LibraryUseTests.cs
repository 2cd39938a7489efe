namespace SharpPrune.Tests.Library;

/// <summary>
/// The README's Library snippet (its only C# block) is samples/LibraryUse's program, which builds with the tests (and in CI) against the
/// library by ProjectReference, without the repository's Directory.Build.targets: so the snippet compiles, and the
/// reference alone brings the native fix of docs/native-libraries.md.
/// </summary>
public class LibraryUseTests
{
    static string Sample => Path.Combine(RepoPaths.Root, "samples", "LibraryUse");

    [Fact]
    public void EveryCSharpBlockOfTheReadmeIsTheSampleProgram()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int section = readme.IndexOf("\n## Library\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no ## Library section");
        // One block, so that no C# line of the README is left uncompiled (a second block once held the pruning call).
        var blocks = new List<string>();
        for (int at = readme.IndexOf("```csharp\n", StringComparison.Ordinal); at >= 0; at = readme.IndexOf("```csharp\n", at, StringComparison.Ordinal))
        {
            int start = at + "```csharp\n".Length, end = readme.IndexOf("```", start, StringComparison.Ordinal);
            blocks.Add(readme[start..end]);
            at = end + 3;
        }
        Assert.Equal([File.ReadAllText(Path.Combine(Sample, "Program.cs"))], blocks);
        Assert.Contains("PruningRun.Walker(", blocks[0]);
    }

    [Fact]
    public void TheSampleGetsTheSameNativeBridgeAsTheRepositorysOwnProjects()
    {
        Assert.Contains("<ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>", File.ReadAllText(Path.Combine(Sample, "LibraryUse.csproj")));
        // The tests' output is bin/<configuration>/<framework>/; the sample is built with the same two.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string native = Path.Combine("runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string sample = Path.Combine(Sample, "bin", output.Parent!.Name, output.Name, native);
        Assert.True(File.Exists(sample), $"{sample}: not built");
        // This test process loaded its own copy (every test here uses TorchSharp); the sample's must be that same file,
        // weakened where the system needs it, not the package's original.
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, native)), File.ReadAllBytes(sample));
    }
}
