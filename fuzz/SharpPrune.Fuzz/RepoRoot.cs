namespace SharpPrune.Fuzz;

/// <summary>The checkout the fuzzer runs from: seeds come from it and crashing inputs go back into it.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Shared => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

    public static string Regressions(string target) => System.IO.Path.Combine(Path, "tests", "fixtures", "fuzz-regressions", target);

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SharpPrune.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no SharpPrune.slnx above {AppContext.BaseDirectory}");
    }
}
