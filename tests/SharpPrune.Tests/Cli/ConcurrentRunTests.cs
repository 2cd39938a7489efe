namespace SharpPrune.Tests.Cli;

/// <summary>Two <c>sharpprune prune</c> processes on one --out: exactly one succeeds, and the other says the lock stopped it.</summary>
public sealed class ConcurrentRunTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-concurrent-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void TwoRunsOnOneOutputCannotBothSucceedAndTheLoserNamesTheLock()
    {
        string outDir = Path.Combine(temp, "out"), lockFile = outDir + ".lock";
        // --overwrite on both, so nothing but the lock stands between them.
        string[] args = ["prune", "--model", TinyModels.StoriesDir, "--method", "wanda", "--sparsity", "0.5", "--calib", TinyModels.Brown,
            "--calib-docs", "0:0.8", "--nsamples", "16", "--seq-len", "128", "--out", outDir, "--overwrite", "--json"];
        using var first = CliProcess.Start(args);
        // Start the second once the first holds the lock, so the two surely overlap.
        while (!File.Exists(lockFile) && !first.HasExited) Thread.Sleep(5);
        var second = CliProcess.Run(args);
        var firstResult = first.Wait();

        Assert.True(firstResult.ExitCode == 0, firstResult.Stderr);
        Assert.Equal(2, second.ExitCode);
        Assert.Equal($"error: {lockFile}: another run holds this lock while writing {outDir}; wait for it to finish or choose another output",
            second.Stderr.TrimEnd());
        Assert.True(File.Exists(Path.Combine(outDir, "pruning.json")));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(temp).Select(Path.GetFileName));
    }
}
