using SharpPrune.IO;

namespace SharpPrune.Tests.IO;

/// <summary>One writer per output path: the lock file beside it, contention, takeover of a dead run's lock, and cleanup after killed runs.</summary>
public sealed class OutputLockTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    string[] Entries() => Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void AHeldLockRefusesASecondWriterNamingTheLockFileAndIsGoneOnceReleased()
    {
        var destination = temp.File("out");
        using (var held = OutputLock.Acquire(destination))
        {
            Assert.Equal(destination + ".lock", held.Path);
            var error = Assert.Throws<SharpPruneException>(() => OutputLock.Acquire(destination));
            Assert.Equal($"{destination}.lock: another run holds this lock while writing {destination}; wait for it to finish or choose another output", error.Message);
        }
        Assert.Empty(Entries());
        OutputLock.Acquire(destination).Dispose();
    }

    [Fact]
    public void ALockFileLeftByADeadRunIsTakenOver()
    {
        var destination = temp.File("out");
        // What a killed run leaves: the file with its pid, but no process holding it.
        File.WriteAllText(destination + ".lock", "pid 2147483647\n");
        using (OutputLock.Acquire(destination))
        {
            Assert.Equal(["out.lock"], Entries());
        }
        Assert.Empty(Entries());
    }

    [Fact]
    public async Task TwoConcurrentWritersOfOneFolderCannotBothSucceed()
    {
        var destination = temp.File("out");
        using var firstInside = new ManualResetEventSlim();
        using var secondDone = new ManualResetEventSlim();
        Exception? secondError = null;
        var first = Task.Run(() =>
        {
            using var staging = AtomicDirectory.Begin(destination, overwrite: true);
            File.WriteAllText(Path.Combine(staging.Path, "who.txt"), "first");
            firstInside.Set();
            secondDone.Wait();
            staging.Commit();
        });
        var second = Task.Run(() =>
        {
            firstInside.Wait();
            try
            {
                using var staging = AtomicDirectory.Begin(destination, overwrite: true);
                File.WriteAllText(Path.Combine(staging.Path, "who.txt"), "second");
                staging.Commit();
            }
            catch (Exception e)
            {
                secondError = e;
            }
            secondDone.Set();
        });
        await Task.WhenAll(first, second);

        var error = Assert.IsType<SharpPruneException>(secondError);
        Assert.StartsWith($"{destination}.lock: another run holds this lock", error.Message);
        Assert.Equal("first", File.ReadAllText(Path.Combine(destination, "who.txt")));
        Assert.Equal(["out"], Entries());
    }

    [Fact]
    public void BeginWithTheRunsLockDoesNotLockAgain()
    {
        var destination = temp.File("out");
        using var held = AtomicDirectory.Lock(destination);
        using (var staging = AtomicDirectory.Begin(destination, overwrite: false, held))
        {
            staging.Commit();
        }
        Assert.Equal(["out", "out.lock"], Entries());
        Assert.Throws<ArgumentException>(() => AtomicDirectory.Begin(temp.File("other"), overwrite: false, held));
    }

    [Fact]
    public void LockingDeletesAKilledRunsStagingFolderAndPutsBackAnOutputMovedAsideByAKilledReplacement()
    {
        var destination = temp.File("out");
        // A replacement killed between its two renames: the old output aside, the new one still staged.
        Directory.CreateDirectory(destination + ".old-0123456789abcdef0123456789abcdef");
        File.WriteAllText(Path.Combine(destination + ".old-0123456789abcdef0123456789abcdef", "a.txt"), "previous");
        Directory.CreateDirectory(destination + ".tmp-fedcba9876543210fedcba9876543210");
        Directory.CreateDirectory(destination + ".dpruner-work");
        Directory.CreateDirectory(destination + ".tmp-not-ours");

        using (AtomicDirectory.Lock(destination))
        {
        }

        Assert.Equal(["out", "out.dpruner-work", "out.tmp-not-ours"], Entries());
        Assert.Equal("previous", File.ReadAllText(Path.Combine(destination, "a.txt")));
    }
}
