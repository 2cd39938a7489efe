using SharpPrune.IO;

namespace SharpPrune.Tests.IO;

public sealed class AtomicDirectoryTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    string[] Entries() => Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void CommitMovesTheStagedFolderIntoPlace()
    {
        var destination = temp.File("out");
        using (var staging = AtomicDirectory.Begin(destination, overwrite: false))
        {
            File.WriteAllText(Path.Combine(staging.Path, "a.txt"), "new");
            Assert.False(Directory.Exists(destination));
            Assert.Equal(temp.Path, Path.GetDirectoryName(staging.Path));
            staging.Commit();
        }

        Assert.Equal(["out"], Entries());
        Assert.Equal("new", File.ReadAllText(Path.Combine(destination, "a.txt")));
    }

    [Fact]
    public void DisposeWithoutCommitLeavesNothing()
    {
        var destination = temp.File("out");
        using (var staging = AtomicDirectory.Begin(destination, overwrite: false))
        {
            File.WriteAllText(Path.Combine(staging.Path, "a.txt"), "partial");
        }

        Assert.Empty(Entries());
    }

    [Fact]
    public void AnExistingDestinationIsRefusedWithoutOverwrite()
    {
        var destination = temp.File("out");
        Directory.CreateDirectory(destination);

        var error = Assert.Throws<SharpPruneException>(() => AtomicDirectory.Begin(destination, overwrite: false));

        Assert.StartsWith($"{destination}: already exists", error.Message);
        Assert.Equal(["out"], Entries());
    }

    [Fact]
    public void OverwriteReplacesTheOldFolderOnlyOnCommit()
    {
        var destination = temp.File("out");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "old.txt"), "old");

        using (var staging = AtomicDirectory.Begin(destination, overwrite: true))
        {
            File.WriteAllText(Path.Combine(staging.Path, "new.txt"), "new");
            Assert.Equal("old", File.ReadAllText(Path.Combine(destination, "old.txt")));
            staging.Commit();
        }

        Assert.Equal(["out"], Entries());
        Assert.Equal(["new.txt"], Directory.GetFiles(destination).Select(Path.GetFileName));
    }

    [Fact]
    public void AnAbandonedOverwriteKeepsTheOldFolder()
    {
        var destination = temp.File("out");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "old.txt"), "old");

        using (AtomicDirectory.Begin(destination, overwrite: true))
        {
        }

        Assert.Equal(["out"], Entries());
        Assert.Equal("old", File.ReadAllText(Path.Combine(destination, "old.txt")));
    }
}
