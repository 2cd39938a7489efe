namespace SharpPrune.Tests.Text;

/// <summary>A scratch folder for one test's model files, deleted afterwards.</summary>
sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sharpprune-text-").FullName;

    public string Write(string name, string contents)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
