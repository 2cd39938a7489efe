namespace SharpPrune.Tests.Library;

/// <summary>
/// The README's Library snippet is samples/LibraryUse's program, which builds with the tests (and in CI) against the
/// library by ProjectReference, without the repository's Directory.Build.targets: so the snippet compiles, and the
/// reference alone brings the native fix of docs/native-libraries.md.
/// </summary>
public class LibraryUseTests
{
    static string Sample => Path.Combine(RepoPaths.Root, "samples", "LibraryUse");

    [Fact]
    public void ReadmeLibrarySnippetIsTheSampleProgram()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int section = readme.IndexOf("\n## Library\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no ## Library section");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(Sample, "Program.cs")), readme[start..end]);
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
