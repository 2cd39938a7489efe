using SharpPrune.IO;

namespace SharpPrune.Tests.IO;

public sealed class AtomicDirectoryTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    string[] Entries() => Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Commit_moves_the_staged_folder_into_place()
    {
        var destination = _temp.File("out");
        using (var staging = AtomicDirectory.Begin(destination, overwrite: false))
        {
            File.WriteAllText(Path.Combine(staging.Path, "a.txt"), "new");
            Assert.False(Directory.Exists(destination));
            Assert.Equal(_temp.Path, Path.GetDirectoryName(staging.Path));
            staging.Commit();
        }

        Assert.Equal(["out"], Entries());
        Assert.Equal("new", File.ReadAllText(Path.Combine(destination, "a.txt")));
    }

    [Fact]
    public void Dispose_without_commit_leaves_nothing()
    {
        var destination = _temp.File("out");
        using (var staging = AtomicDirectory.Begin(destination, overwrite: false))
        {
            File.WriteAllText(Path.Combine(staging.Path, "a.txt"), "partial");
        }

        Assert.Empty(Entries());
    }

    [Fact]
    public void An_existing_destination_is_refused_without_overwrite()
    {
        var destination = _temp.File("out");
        Directory.CreateDirectory(destination);

        var error = Assert.Throws<SharpPruneException>(() => AtomicDirectory.Begin(destination, overwrite: false));

        Assert.StartsWith($"{destination}: already exists", error.Message);
        Assert.Equal(["out"], Entries());
    }

    [Fact]
    public void Overwrite_replaces_the_old_folder_only_on_commit()
    {
        var destination = _temp.File("out");
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
    public void An_abandoned_overwrite_keeps_the_old_folder()
    {
        var destination = _temp.File("out");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "old.txt"), "old");

        using (AtomicDirectory.Begin(destination, overwrite: true))
        {
        }

        Assert.Equal(["out"], Entries());
        Assert.Equal("old", File.ReadAllText(Path.Combine(destination, "old.txt")));
    }
}
