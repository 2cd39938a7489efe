namespace SharpPrune.Tests;

static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SharpPrune.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("SharpPrune.slnx not found above " + AppContext.BaseDirectory);
    }
}
