namespace SharpPrune.Tasks;

/// <summary>
/// Finds the built-in tasks' data in the read-only "shared" folder that sits beside checkouts (../shared), looking
/// upward from the working directory and then from the program, so the CLI finds it wherever it is started in a checkout.
/// </summary>
public static class SharedData
{
    public static string Find(string relativePath)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string path = Path.Combine(dir.FullName, "shared", relativePath);
                if (File.Exists(path)) return path;
            }
        throw new SharpPruneException($"shared/{relativePath}: not found in a \"shared\" folder above the working directory; pass --data");
    }
}
