namespace SharpPrune.Export.Tests;

/// <summary>A fresh folder for exported files, deleted with everything in it on Dispose.</summary>
public sealed class ExportFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sharpprune-gguf-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public IReadOnlyList<string> Entries => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToList()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
