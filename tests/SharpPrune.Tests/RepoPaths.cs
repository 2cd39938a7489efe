namespace SharpPrune.Tests;

/// <summary>Folders tests read from, found by walking up from the test assembly to the folder holding SharpPrune.slnx.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Models and data shared by all checkouts, next to the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SharpPrune.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no SharpPrune.slnx above {AppContext.BaseDirectory}");
    }
}
